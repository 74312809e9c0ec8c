import { join } from 'node:path';
import { InputError } from '../model/input-error.js';
import { CNSIM_VERSION } from '../runner/version.js';
import { htmlPage } from './html-page.js';
import { readJobSample, readJobSampleParquet } from './job-sample.js';
import type { Section } from './report-section.js';
import { readResultsFolder } from './results-folder.js';
import { buildRunData, type RunData } from './run-data.js';
import { energySection, failureSection, networkSection, waitSection } from './sections-flow.js';
import { headlineSection, mapSection, queueSection, utilizationSection } from './sections-load.js';
import { baselineSections } from './baseline-sections.js';

/** Options of a run report. */
export interface ReportOptions {
  /** A second results folder to compare against (what-if). */
  readonly baselineDir?: string;
}

/** The sections of one run's report, from its folder alone. */
export async function runSections(run: RunData): Promise<Section[]> {
  const { jobsFile, jobsParquetFile } = run.folder;
  const sample = jobsFile !== undefined ? readJobSample(jobsFile) : jobsParquetFile !== undefined ? await readJobSampleParquet(jobsParquetFile) : undefined;
  const jobs = run.folder.summary.number(0, 'jobs');
  if (sample !== undefined && sample.jobs !== jobs) {
    throw new InputError((jobsFile ?? jobsParquetFile) as string, [`${sample.jobs} jobs, but summary.csv counts ${jobs}: the file was cut off or edited (run again, or copy the whole folder)`]);
  }
  const sections: Section[] = [
    headlineSection(run),
    mapSection(run),
    await utilizationSection(run),
    await queueSection(run),
    await waitSection(run, sample),
    await networkSection(run, sample),
    await energySection(run),
  ];
  const failures = await failureSection(sample);
  if (failures !== undefined) sections.push(failures);
  return sections;
}

/**
 * The HTML report of a results folder (and, with a baseline, its what-if comparison first).
 * Reads the folder's files only: no re-run.
 * @throws InputError for a folder that is not a results folder, a missing or malformed file,
 * a newer results format, or a baseline whose centres differ
 */
export async function buildRunReport(dir: string, options: ReportOptions = {}): Promise<string> {
  const run = buildRunData(readResultsFolder(dir));
  const sections: Section[] = [];
  let subtitle = `scenario ${run.name}, seed ${run.folder.summary.number(0, 'seed')}, ${run.folder.summary.number(0, 'jobs')} jobs; results folder ${dir}`;
  const changed = run.folder.changedFiles;
  if (changed.length > 0) {
    subtitle += `; changed since the run wrote them, and drawn as they are now: ${changed.map((c) => `${c.file} (${c.bytes} bytes; the run wrote ${c.writtenBytes})`).join(', ')}`;
  }
  if (options.baselineDir !== undefined) {
    const baseline = buildRunData(readResultsFolder(options.baselineDir));
    sections.push(...(await baselineSections(run, baseline)));
    subtitle += `; compared with ${baseline.name} (${options.baselineDir})`;
  }
  sections.push(...(await runSections(run)));
  const title = options.baselineDir === undefined ? `cnsim report: ${run.name}` : `cnsim what-if report: ${run.name}`;
  return htmlPage(title, subtitle, sections, `Made by cnsim ${CNSIM_VERSION} from ${join(dir, '*.csv')} (results format ${run.folder.manifest.resultsFormat}). Column definitions: results/README.md.`);
}
