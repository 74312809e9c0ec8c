/** A documented CSV column: the source of `results/README.md`. */
export interface ColumnDoc {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

/** A results file and its columns, in output order. */
export interface FileDoc {
  readonly file: string;
  readonly description: string;
  readonly columns: readonly ColumnDoc[];
}

/** A column definition (short name: the tables below are long). */
export const column = (name: string, unit: string, description: string): ColumnDoc => ({ name, unit, description });
const c = column;

export const JOBS_COLUMNS: FileDoc = {
  file: 'jobs.csv',
  description:
    'One row per job, written as the job leaves the system, so a run never holds its jobs (`--jobs-format parquet` writes the same rows to jobs.parquet). Row order: jobs that end during the run, when they end (their output delivered, or rejected), in the order of the run\'s events (time, then the event sequence), the same on every machine; then the jobs still in the system when the run stopped (`unfinished`), and those a cut-short run never reached, in submission order (submit time, then source order, then order within the source). `cnsim replay` lists its jobs in trace order (job_id = SWF job number). Sort by `submit_s` or `job_id` for submission order.',
  columns: [
    c('job_id', '-', 'job id, unique in the run: the SWF job number for a trace job, the `id` of a jobs file, `<source>.<n>` for a generated job; with two or more sources read from files, `<source>:<id>` for their jobs'),
    c('origin', '-', 'site id where the job was submitted (its user, and where the output returns)'),
    c('centre', '-', 'centre that ran the job (empty if rejected)'),
    c('partition', '-', 'partition that ran the job (empty if rejected)'),
    c('class', '-', 'job class (`hpc`, `ai-training`, ...)'),
    c('cores', 'cores', 'cores requested'),
    c('gpus', 'GPUs', 'GPUs requested'),
    c('nodes', 'nodes', 'whole nodes occupied: max(ceil(cores / coresPerNode), ceil(gpus / gpusPerNode), 1)'),
    c('submit_s', 's', 'submission time'),
    c('dispatched_s', 's', 'dispatch decision time = submit_s + dispatch latency (empty if rejected)'),
    c('queued_s', 's', 'time the input arrived and the job joined the centre queue = dispatched_s + stage_in_s'),
    c('start_s', 's', 'start time'),
    c('end_s', 's', 'end time = start_s + runtime_s'),
    c('done_s', 's', 'time the output reached the origin = end_s + stage_out_s'),
    c('wait_s', 's', 'start_s − submit_s (includes dispatch and stage-in); empty for a job that never started, and for a `failed` one (killed more times than its attempts allow: its runs are lost work)'),
    c('queue_wait_s', 's', 'start_s − queued_s (time in the local queue)'),
    c('response_s', 's', 'done_s − submit_s (the latency the user sees)'),
    c('bsld', '-', 'bounded slowdown max(1, (end_s − submit_s) / max(runtime_s, 10))'),
    c('runtime_s', 's', 'run time actually simulated: min(ref_runtime_s, walltime_s) / speed of the partition; for a class with checkpoints, the last run: the work left after earlier runs\' checkpoints / speed, plus the overhead of the checkpoints it writes, stopped at the walltime'),
    c('ref_runtime_s', 's', 'actual runtime at reference speed 1.0, from the workload'),
    c('walltime_s', 's', 'requested walltime at reference speed 1.0; on a partition the scheduler sees (and the job is killed at) walltime_s / speed'),
    c('stage_in_s', 's', 'queued_s − dispatched_s: route latency, then the input bytes at the max-min fair rate they got on the shared links (plus any wait for a route during an outage)'),
    c('stage_out_s', 's', 'done_s − end_s: the same for the output back to the origin'),
    c('input_bytes', 'bytes', 'input size'),
    c('output_bytes', 'bytes', 'output size'),
    c('status', '-', '`done`, `killed` (stopped at its walltime), `failed` (killed by failures on its last allowed attempt, see `retry`; end_s = the kill), `rejected` (no centre could run it; times empty) or `unfinished` (not done when the run was cut off)'),
    c('reason', '-', 'why a job was rejected (empty otherwise): the eligibility check that failed on the partitions that came closest (kind, GPU model, memory, software, size), or `queue full (...) at <centre>/<partition>` when a queue limit refused it'),
    c('dataset', '-', 'catalogue dataset the job reads (empty: its input lives at its data site)'),
    c('data_source', '-', 'site the input was read from: the data site, or the replica that would finish soonest at dispatch time; `cache` when the dataset was in the centre\'s input cache'),
    c('stage_in_bytes', 'bytes', 'input bytes moved between sites for the job\'s last dispatch (0 when the input was already at the centre)'),
    c('stage_out_bytes', 'bytes', 'output bytes moved back to the origin (0 when the centre is at the origin)'),
    c('speed', '-', 'relative speed of the job on its partition: the `speeds` entry for its class and the device model, else the partition speed (empty if rejected)'),
    c('gpu_hours', 'GPU·h', 'gpus × runtime_s / 3600 (empty until the job ended)'),
    c('deadline_s', 's', 'response-time target of a latency-sensitive job (class `deadline`; empty: none)'),
    c('deadline_met', '-', '`true` when response_s ≤ deadline_s, `false` otherwise (also for a job rejected or not done); empty without a deadline'),
    c('wake_s', 's', 'boot time of switched-off nodes the job waited for (partition `powerOff.wakeUp`, 0 when every node was on); its nodes are held from start_s − wake_s (empty if it never started)'),
    c('shift_s', 's', 'time the hub held the job for a cheaper or greener hour (temporal shifting, `dispatch.shift`; 0 = not held); included in dispatched_s (also for a job rejected or cut off after being held)'),
    c('it_kwh', 'kWh', 'IT energy at its nodes: P × runtime_s / 3.6e6 with P = nodes × (idle + GPU idle power per node) + (peak − idle) × cores / coresPerNode + (GPU peak − GPU idle) × gpus / gpusPerNode, plus, when it woke nodes, woken nodes × wake-up energy + its other nodes × idle power × wake_s (empty if it never started or without energy accounting)'),
    c('overhead_kwh', 'kWh', 'its share of the facility overhead: ∫ P × (PUE(t) − 1) dt over its run (and wake-up) / 3.6e6; facility energy = it_kwh + overhead_kwh'),
    c('cost_cny', 'CNY', '∫ P × PUE(t) × price(t) dt / 3.6e6: facility energy at the centre region\'s price of each hour'),
    c('co2_kg', 'kg', '∫ P × PUE(t) × carbon(t) dt / 3.6e9: facility energy at the region\'s grid carbon intensity of each hour; with the runs failures cut short'),
    c('attempts', '-', 'times the job started: 1, more when a failure killed it and `retry` gave it another run (0 if it never started)'),
    c('lost_node_s', 'node·s', 'work thrown away: Σ nodes × (kill − last completed checkpoint, or start) over the runs failures cut short (an abrupt outage, a node failure); 0 when none'),
    c('checkpoint_node_s', 'node·s', 'node time spent writing checkpoints, over all its runs: nodes × checkpoints written × `checkpoint.overhead` (0 without checkpointing)'),
  ],
};

/** The energy columns of centres.csv and regions.csv (empty without energy accounting). */
const ENERGY_TOTALS: readonly ColumnDoc[] = [
  c('it_kwh', 'kWh', 'IT energy = job_kwh + idle_kwh'),
  c('job_kwh', 'kWh', 'IT energy of the job runs at this centre, wake-ups and runs cut short by failures included (conservation: it_kwh = job_kwh + idle_kwh). A job a failure sent to another centre counts here for its run here and there for the rest, while jobs.csv lists its whole it_kwh under its last centre: per centre, job_kwh = Σ it_kwh of its jobs only without such moves; Σ job_kwh over centres = Σ jobs.csv it_kwh always'),
  c('idle_kwh', 'kWh', 'IT energy of the nodes no job held: idle power (nodes switched off: off power after `powerOff.after`) over the powered period, from the first submission (or commissioning) to the last job end (or decommissioning, extended to the end of the last job here)'),
  c('overhead_kwh', 'kWh', 'facility overhead: energy_kwh − it_kwh'),
  c('energy_kwh', 'kWh', 'facility energy: Σ over cells of IT energy × PUE of the cell\'s month'),
  c('cost_cny', 'CNY', 'Σ over cells of facility energy × price of the cell\'s hour (CNY/kWh)'),
  c('co2_kg', 'kg', 'Σ over cells of facility energy × grid carbon intensity of the cell\'s hour (g/kWh) / 1000'),
];

export const CENTRES_COLUMNS: FileDoc = {
  file: 'centres.csv',
  description:
    'One row per centre, in scenario order. Utilizations are over the run period [first submission, last job end] (summary.csv `period_s`).',
  columns: [
    c('centre', '-', 'centre id'),
    c('site', '-', 'site id'),
    c('region', '-', 'price and carbon region'),
    c('estimate', '-', '`true` when a capacity or power figure of the centre is an estimate (see the scenario notes)'),
    c('nodes', 'nodes', 'nodes over all partitions'),
    c('cores', 'cores', 'cores over all partitions'),
    c('gpus', 'GPUs', 'GPUs over all partitions'),
    c('jobs', 'jobs', 'jobs that started here and were not `failed` (a job killed more times than its attempts allow counts nowhere: its runs are lost work)'),
    c('killed', 'jobs', 'jobs stopped at their walltime'),
    c('node_util', '-', 'Σ over jobs of nodes × runtime_s / (nodes × period_s): allocated share'),
    c('core_util', '-', 'Σ cores × runtime_s / (cores × period_s): requested cores (empty without cores)'),
    c('gpu_util', '-', 'Σ gpus × runtime_s / (gpus × period_s) (empty for a centre without GPUs)'),
    c('core_hours', 'core·h', 'Σ cores × runtime_s / 3600'),
    c('gpu_hours', 'GPU·h', 'Σ gpus × runtime_s / 3600'),
    c('mean_wait_s', 's', 'mean wait_s of the jobs that started here'),
    c('p95_wait_s', 's', '95th percentile of wait_s (linear interpolation, R-7)'),
    c('mean_bsld', '-', 'mean bsld'),
    ...ENERGY_TOTALS,
    c('availability', '-', 'node time up ÷ node time, from 0 to the end of the run: 1 − Σ node downtime from node failures / (nodes × end of run); outage windows are in outages.csv'),
    c('node_failures', 'failures', 'node failures here (partition `failures`)'),
    c('failure_kills', 'jobs', 'runs killed here by failures: node failures and abrupt outages (a job killed twice counts twice)'),
    c('lost_node_hours', 'node·h', 'node time of the runs killed here, from their start to the kill / 3600'),
  ],
};

export const UTILIZATION_COLUMNS: FileDoc = {
  file: 'utilization.csv',
  description: 'One row per centre and window of `report.utilizationWindow`, windows [k·w, (k+1)·w) from time 0 to the last job end.',
  columns: [
    c('centre', '-', 'centre id'),
    c('window_start_s', 's', 'window start'),
    c('window_end_s', 's', 'window end'),
    c('node_util', '-', 'busy node-seconds in the window / (nodes × window length)'),
    c('core_util', '-', 'busy requested core-seconds / (cores × window length)'),
    c('gpu_util', '-', 'busy requested GPU-seconds / (GPUs × window length) (empty without GPUs)'),
    c('running', 'jobs', 'jobs running at the window start'),
    c('queued', 'jobs', 'jobs waiting in the centre queues at the window start'),
  ],
};

export const LINKS_COLUMNS: FileDoc = {
  file: 'links.csv',
  description:
    'One row per link and direction, in scenario order. Concurrent transfers share each direction max-min fairly, so no figure here exceeds 1. The link period runs from the first submission to the end of the run (the last stage-out), and capacity follows the link\'s `capacity` schedule and outages.',
  columns: [
    c('link', '-', 'link id `<a>-<b>`'),
    c('from', '-', 'sending site'),
    c('to', '-', 'receiving site'),
    c('bandwidth_bps', 'bit/s', 'nominal capacity of this direction (before any `capacity` schedule or outage)'),
    c('latency_s', 's', 'one-way latency'),
    c('transfers', 'transfers', 'flows that crossed this direction (a flow rerouted around an outage counts on each route)'),
    c('bytes', 'bytes', 'bytes carried'),
    c('busy_s', 's', 'time with at least one flow sending'),
    c('busy_fraction', '-', 'busy_s / link period'),
    c('utilization', '-', 'mean utilization: 8 × bytes / (capacity integrated over the link period)'),
    c('peak_window_utilization', '-', 'largest 8 × bytes in a window / capacity integrated over the window, windows of `report.utilizationWindow`'),
    c('energy_kwh', 'kWh', 'network energy: bytes × energy per byte (`links[].energyPerGB`, else `energy.transferPerGB`) / 3.6e6 (empty without energy accounting)'),
    c('down_s', 's', 'time the link was down from 0 to the end of the run: its `down` windows, its site\'s, and random failures (`failures`), overlaps counted once'),
    c('failures', 'failures', 'random failures of the link (`links[].failures`)'),
  ],
};

export const ENERGY_COLUMNS: FileDoc = {
  file: 'energy.csv',
  description:
    'One row per centre and window of `report.utilizationWindow` (windows [k·w, (k+1)·w) from time 0). Written only with energy accounting on (`energy.accounting`, the default). Each window is summed over cells of gcd(window, 1 h), within which PUE, price and carbon are constant.',
  columns: [
    c('centre', '-', 'centre id'),
    c('window_start_s', 's', 'window start'),
    c('window_end_s', 's', 'window end'),
    c('it_kwh', 'kWh', 'IT energy in the window = job_kwh + idle_kwh'),
    c('job_kwh', 'kWh', 'IT energy of the nodes jobs held (wake-ups included)'),
    c('idle_kwh', 'kWh', 'IT energy of the nodes no job held (idle or switched off)'),
    c('energy_kwh', 'kWh', 'facility energy: IT energy × PUE'),
    c('cost_cny', 'CNY', 'facility energy × price of each hour'),
    c('co2_kg', 'kg', 'facility energy × grid carbon intensity of each hour / 1000'),
  ],
};

export const REGIONS_COLUMNS: FileDoc = {
  file: 'regions.csv',
  description: 'One row per price and carbon region of the centres, in order of first appearance among the centres (written with energy accounting on).',
  columns: [
    c('region', '-', 'region id (empty: centres without a region)'),
    c('centres', 'centres', 'centres in the region'),
    ...ENERGY_TOTALS,
    c('price_cny_per_kwh', 'CNY/kWh', 'mean price paid: cost_cny / energy_kwh'),
    c('carbon_g_per_kwh', 'g/kWh', 'mean carbon intensity: 1000 × co2_kg / energy_kwh'),
  ],
};

export const LINK_WINDOWS_COLUMNS: FileDoc = {
  file: 'link_windows.csv',
  description: 'One row per link direction and window with traffic (windows without traffic are omitted).',
  columns: [
    c('link', '-', 'link id'),
    c('from', '-', 'sending site'),
    c('to', '-', 'receiving site'),
    c('window_start_s', 's', 'window start'),
    c('window_end_s', 's', 'window end'),
    c('bytes', 'bytes', 'bytes sent in the window'),
    c('utilization', '-', '8 × bytes / capacity integrated over the window (scheduled bandwidth, 0 while down)'),
  ],
};

export const SUMMARY_COLUMNS: FileDoc = {
  file: 'summary.csv',
  description: 'One row per run. Means and percentiles are over all jobs that started (wait) or finished (response, bsld); no warm-up cut.',
  columns: [
    c('scenario', '-', 'scenario name'),
    c('seed', '-', 'run seed'),
    c('jobs', 'jobs', 'jobs in the workload'),
    c('done', 'jobs', 'jobs that completed within their walltime'),
    c('killed', 'jobs', 'jobs stopped at their walltime'),
    c('rejected', 'jobs', 'jobs no centre could run'),
    c('unfinished', 'jobs', 'jobs not done when the run was cut off'),
    c('mean_wait_s', 's', 'mean wait_s'),
    c('p50_wait_s', 's', 'median wait_s (R-7)'),
    c('p95_wait_s', 's', '95th percentile wait_s'),
    c('p99_wait_s', 's', '99th percentile wait_s'),
    c('max_wait_s', 's', 'largest wait_s'),
    c('mean_response_s', 's', 'mean response_s'),
    c('p95_response_s', 's', '95th percentile response_s'),
    c('mean_bsld', '-', 'mean bounded slowdown (τ = 10 s)'),
    c('p95_bsld', '-', '95th percentile bounded slowdown'),
    c('node_util', '-', 'Σ nodes × runtime_s / (total nodes × period_s)'),
    c('core_util', '-', 'Σ cores × runtime_s / (total cores × period_s)'),
    c('gpu_util', '-', 'Σ gpus × runtime_s / (total GPUs × period_s) (empty without GPUs)'),
    c('period_s', 's', 'last job end − first submission'),
    c('makespan_s', 's', 'last job end − first submission (same as period_s; kept for comparison with other tools)'),
    c('node_util_sd', '-', 'population standard deviation of centres.csv node_util across centres (how evenly the load is spread)'),
    c('moved_bytes', 'bytes', 'Σ stage_in_bytes + stage_out_bytes of the transfers that completed, with the inputs moved for earlier dispatches of jobs sent back to the dispatcher (an abrupt outage, a redispatched kill)'),
    c('mean_stage_in_s', 's', 'mean stage_in_s over the jobs whose input arrived'),
    c('gpu_hours', 'GPU·h', 'Σ jobs.csv gpu_hours (and of running jobs cut off by --until, up to the end of the run)'),
    c('refusals', '-', 'dispatch decisions refused by a full queue (`maxQueuedJobs`); each attempt counts'),
    c('deadline_jobs', 'jobs', 'jobs with a deadline'),
    c('deadline_met', '-', 'share of those whose response_s was within their deadline (empty without such jobs)'),
    c('it_kwh', 'kWh', 'Σ centres.csv it_kwh (empty without energy accounting, as every energy column)'),
    c('idle_kwh', 'kWh', 'Σ centres.csv idle_kwh'),
    c('energy_kwh', 'kWh', 'Σ centres.csv energy_kwh (facility energy; network energy apart)'),
    c('cost_cny', 'CNY', 'Σ centres.csv cost_cny'),
    c('co2_kg', 'kg', 'Σ centres.csv co2_kg'),
    c('job_energy_kwh', 'kWh', 'facility energy of the jobs: Σ jobs.csv it_kwh + overhead_kwh (what dispatch decisions change; the idle rest depends on the run period)'),
    c('job_cost_cny', 'CNY', 'Σ jobs.csv cost_cny'),
    c('job_co2_kg', 'kg', 'Σ jobs.csv co2_kg'),
    c('transfer_kwh', 'kWh', 'Σ links.csv energy_kwh (network energy)'),
    c('transfer_cost_cny', 'CNY', 'network energy of each window × mean price of the sending site\'s region over the window'),
    c('transfer_co2_kg', 'kg', 'network energy of each window × mean carbon intensity of the sending site\'s region / 1000'),
    c('shifted_jobs', 'jobs', 'jobs the hub held for a cheaper or greener hour (jobs.csv shift_s > 0)'),
    c('woken_nodes', 'nodes', 'switched-off nodes woken up for jobs (each drew the wake-up energy)'),
    c('failed', 'jobs', 'jobs.csv status `failed`: killed by failures past their attempts; jobs = done + killed + failed + rejected + unfinished'),
    c('retried', 'jobs', 'jobs that started more than once (jobs.csv attempts > 1)'),
    c('lost_node_hours', 'node·h', 'Σ jobs.csv lost_node_s / 3600: node time of runs failures cut short'),
    c('checkpoint_node_hours', 'node·h', 'Σ jobs.csv checkpoint_node_s / 3600'),
    c('goodput', '-', 'useful share of the node time used: 1 − (lost + checkpoint node-seconds) / Σ busy node-seconds (busy counts the runs cut short; empty when no node was used)'),
  ],
};

export const SITES_COLUMNS: FileDoc = {
  file: 'sites.csv',
  description: 'One row per site of the scenario, in scenario order: where the report\'s map draws centres and links.',
  columns: [
    c('site', '-', 'site id'),
    c('name', '-', 'site name'),
    c('region', '-', 'price and carbon region (empty: none)'),
    c('lat_deg', '°', 'latitude (WGS 84, north positive)'),
    c('lon_deg', '°', 'longitude (WGS 84, east positive)'),
  ],
};

export const OUTAGES_COLUMNS: FileDoc = {
  file: 'outages.csv',
  description: 'One row per scheduled outage window of a centre or a link (scenario `down` windows), centres first, each in scenario order (header only when there are none).',
  columns: [
    c('kind', '-', '`centre` (takes no new jobs; jobs already there finish) or `link` (both directions carry nothing)'),
    c('id', '-', 'centre id, or link id `<a>-<b>`'),
    c('from_s', 's', 'outage start'),
    c('to_s', 's', 'outage end (the element is up again from then)'),
  ],
};

export const SOURCE_WARNINGS_COLUMNS: FileDoc = {
  file: 'warnings.csv',
  description:
    'Written only when a trace source of the scenario (`kind: swf`, `batsim` or `sacct`) skipped or changed jobs in its conversion (nothing is changed silently): one row per job, sources in scenario order, then jobs in file order. SWF sources list their skipped jobs (their changes, walltime := run time where the trace has no estimate, are only counted); Batsim and sacct sources list both. `cnsim replay` writes its own warnings.csv (below).',
  columns: [
    c('source', '-', 'workload source name (`swf/<file>`, `batsim/<file>`, `sacct/<file>` unless named)'),
    c('line', '-', 'line of the job in the source file (SWF: decompressed; Batsim JSON: where the job object starts; sacct: the job line)'),
    c('job_id', '-', 'the job id in the file (SWF job number, Batsim id, sacct JobID; `jobs[i]` when a Batsim job has no usable id)'),
    c('action', '-', '`skipped` (not simulated) or `changed` (a value derived or assumed; the reason says which)'),
    c('field', '-', 'field or column concerned, named as in the file (run_time, profile, walltime, Elapsed, Timelimit, State, ...)'),
    c('reason', '-', 'what was found and what was done'),
  ],
};

/** Every CSV file of a results folder, in the order `results/README.md` documents them. */
export const RESULT_FILES: readonly FileDoc[] = [
  JOBS_COLUMNS,
  CENTRES_COLUMNS,
  UTILIZATION_COLUMNS,
  LINKS_COLUMNS,
  LINK_WINDOWS_COLUMNS,
  SUMMARY_COLUMNS,
  ENERGY_COLUMNS,
  REGIONS_COLUMNS,
  SITES_COLUMNS,
  OUTAGES_COLUMNS,
  SOURCE_WARNINGS_COLUMNS,
];
