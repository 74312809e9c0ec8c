#!/usr/bin/env node
// build-national-2025.mjs: generate scenarios/national-2025.yaml from data/layout-2025/*.csv.
//
//   node scripts/build-national-2025.mjs          writes the scenario, prints the sizing figures
//   node scripts/build-national-2025.mjs --check  fails (exit 1) if the file on disk is not what
//                                                 the script would write
//
// Plain Node (>= 20) ESM, no dependencies. Deterministic: the same data gives the same bytes (no
// clock, no randomness, no locale-dependent formatting; Math.exp/log are V8's fdlibm ports).
// Every modelling choice below is explained in scenarios/national-2025.notes.md; the constants
// that a planner may want to vary are grouped at the top and marked EST.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = join(ROOT, 'data', 'layout-2025');
const OUT_FILE = join(ROOT, 'scenarios', 'national-2025.yaml');

// ---------------------------------------------------------------------------------------------
// 1. Modelling constants
// ---------------------------------------------------------------------------------------------

const SEED = 2025;
const HORIZON_S = 7 * 86400;

/** Reference CPU node: speed 1.0. 64 cores and 3 TFLOPS FP64 peak (the data README's "CPU node
 *  ~3-5 TFLOPS FP64", low end). CPU partition speed = (node FP64 / cores per node) / this per-core
 *  figure, so that cores x speed is proportional to FP64 peak whatever the node shape. */
const REF_CPU_CORES = 64;
const REF_CPU_NODE_GFLOPS = 3000;
const REF_CORE_GFLOPS = REF_CPU_NODE_GFLOPS / REF_CPU_CORES; // 46.875
/** Reference accelerator: A100-class, 312 TFLOPS FP16 (dense tensor). GPU speed = card FP16 / this. */
const REF_GPU_TFLOPS = 312;
/** EST (data README default): idle power = 0.4 x peak power per node. */
const IDLE_FRACTION = 0.4;
/**
 * EST: share of an accelerator node's power drawn by its accelerators. 8 x A100 SXM (400 W) in a
 * ~6.5 kW node is 0.5; 8 x H800 (700 W) is 0.86; 8 x Ascend 910B (~400 W) 0.5 of a 6.5 kW node.
 * 0.7 is the middle; the rest (CPUs, memory, network, fans) is the node part.
 */
const GPU_POWER_SHARE = 0.7;
/** EST (data README placeholder basis): 16.1 GFLOPS/W peak, Sugon/Hygon TOP500 Nov-2018. */
const PLACEHOLDER_GFLOPS_PER_W = 16.1;
/** EST (data README): an 8-accelerator AI node draws up to ~6.5 kW. */
const AI_NODE_PEAK_W = 6500;
const CARDS_PER_AI_NODE = 8;

/** EDWC hub clusters. EST: every hub gets a batch CPU pool of this size (FP64, reference nodes);
 *  the hubs' general-purpose cloud compute is not modelled as batch HPC capacity. */
const HUB_CPU_POOL_PFLOPS = 10;
/** EST: AI (FP16) capacity of a hub whose total is not published (blank scenario_rpeak). */
const HUB_BLANK_AI_PFLOPS = 1000;
/** EST: fraction of a published hub total attached to the national network (1 = all of it).
 *  The what-if knob for the dominant, lowest-confidence figures of the data set. */
const HUB_AGGREGATE_SHARE = 1.0;

/** EST: Ascend 910C FP16 per card (widely reported ~800 TFLOPS; not in the data set). */
const ASCEND_910C_TFLOPS = 800;

/** Node models. Where `cores`/`gflops`/`tflops` are absent they come from the published system
 *  itself (xeon-fermi, th2a, sw26010) or are derived from a published system below (section 5). */
const CPU_MODELS = {
  'xeon-fermi': { label: '2x Xeon (12 cores) + 1 Fermi GPU, GPU counted as FP64 node speed', memory: '32GB' },
  th2a: { label: '2x Xeon E5-2692v2 + 2x Matrix-2000 (TOP500 core count per node)', memory: '192GB' },
  sw26010: { label: 'Sunway SW26010, 260 cores', memory: '32GB' },
  sw26010pro: { label: 'Sunway SW26010-Pro, 390 cores; FP64/node from OceanLight', cores: 390, memory: '96GB' },
  'phytium-matrix': {
    label: 'NUDT Phytium + Matrix node; FP64/node from the Tianhe-3 prototype (TJ-TH3P); 64 Phytium + 128 Matrix cores (Tianhe-2A counting)',
    cores: 192,
    memory: '128GB',
  },
  ref: { label: 'reference node (Hygon/Sugon class): 64 cores, 3 TFLOPS FP64', cores: REF_CPU_CORES, gflops: REF_CPU_NODE_GFLOPS, memory: '256GB' },
};
const GPU_MODELS = {
  ascend910: { gpuModel: 'Ascend910', label: 'Atlas 800-class: 8x Ascend 910 + 4x Kunpeng 920 (48 cores); FP16/card from Pengcheng Cloud Brain II', cores: 192, memory: '1TB' },
  ascend910c: { gpuModel: 'Ascend910C', label: '8x Ascend 910C (EST 800 TFLOPS FP16 each) + 192 host cores', cores: 192, tflops: ASCEND_910C_TFLOPS, memory: '1TB' },
  scalex: { gpuModel: 'scaleX', label: 'Sugon scaleX node: 8 domestic AI cards (EST 0.3 PFLOPS FP16 each, data) + 128 host cores', cores: 128, tflops: 300, memory: '1TB' },
  a100: { gpuModel: 'A100', label: 'DGX-A100-class: 8x A100 (312 TFLOPS FP16) + 128 host cores', cores: 128, tflops: 312, memory: '1TB' },
  a100eq: { gpuModel: 'A100eq', label: 'mixed fleet in A100 equivalents: 8 cards x 312 TFLOPS FP16 + 128 host cores', cores: 128, tflops: 312, memory: '1TB' },
};

/** Architecture of each included system (published node counts are read from centres.csv). */
const ARCH = {
  'TJ-TH1A': { cpu: 'xeon-fermi' },
  'TJ-TH3': { cpu: 'phytium-matrix' },
  'GZ-TH2A': { cpu: 'th2a' },
  'GZ-XINGYI': { cpu: 'phytium-matrix' },
  'WX-TAIHU': { cpu: 'sw26010' },
  'WX-OCEAN': { cpu: 'sw26010pro' },
  'JN-BLUE2': { cpu: 'sw26010pro' },
  'SZ-NEBULAE': { cpu: 'xeon-fermi', memory: '24GB' },
  'SZ-PCL-CB2': { gpu: 'ascend910' },
  'SZ-PCL-CB3': { gpu: 'ascend910c' },
  'CS-TH1AHN': { cpu: 'xeon-fermi' },
  'CS-THNG': { cpu: 'phytium-matrix' },
  'ZZ-NSCC': { cpu: 'ref' },
  'ZZ-CORE': { gpu: 'scalex' },
  'KS-NSCC': { cpu: 'ref' },
  'CD-NSCC': { cpu: 'ref' },
  'XA-NSCC': { cpu: 'ref' },
  'TY-NSCC': { cpu: 'ref' },
  'CQ-NSCC': { cpu: 'ref' },
  'WH-AICC': { gpu: 'ascend910' },
  'WH-SC': { cpu: 'ref' },
  'SH-SENSE': { gpu: 'a100' },
  'BJ-ASCEND': { gpu: 'ascend910' },
  // EDWC hubs (category `hub`) are handled by hubPartitions().
};

/** Model assumptions per centre, appended to its notes (the figures themselves are in section 5). */
const MODEL_NOTES = {
  'TJ-TH1A': 'M2050 GPUs folded into FP64 node speed (Fermi: no use for AI jobs)',
  'SZ-NEBULAE': 'C2050 GPUs folded into FP64 node speed (Fermi: no use for AI jobs)',
  'CS-TH1AHN': 'M2050 GPUs folded into FP64 node speed (Fermi: no use for AI jobs)',
  'GZ-TH2A': 'Matrix-2000 accelerators counted as cores, as TOP500 does',
  'TJ-TH3': 'EST node model: NUDT Phytium + Matrix, node FP64 of the 2018 prototype',
  'GZ-XINGYI': 'EST node model: NUDT Phytium + Matrix assumed for this undisclosed Tianhe system',
  'CS-THNG': 'EST node model: NUDT Phytium + Matrix assumed for this undisclosed Tianhe system',
  'JN-BLUE2': 'EST node model: Sunway SW26010-Pro node (OceanLight) assumed',
  'ZZ-NSCC': 'EST node model: reference node; Hygon/DCU accelerators folded into FP64 node equivalents',
  'KS-NSCC': 'EST node model: reference node (Sugon/Hygon class)',
  'CD-NSCC': 'EST node model: reference node (architecture undisclosed)',
  'XA-NSCC': 'EST node model: reference node (architecture undisclosed)',
  'TY-NSCC': 'EST node model: reference node (Sugon/Hygon class)',
  'CQ-NSCC': 'EST node model: reference node (architecture undisclosed)',
  'WH-SC': 'EST node model: reference node (architecture undisclosed)',
  'SZ-PCL-CB3': 'EST: Ascend 910C at 800 TFLOPS FP16 per card (outside the data set)',
  'SH-SENSE': 'EST: precision unstated, taken as FP16; GPU type undisclosed, A100-class assumed',
  'WH-AICC': 'EST: Ascend 910 per-card FP16 of Pengcheng Cloud Brain II',
  'BJ-ASCEND': 'EST: Ascend 910 per-card FP16 of Pengcheng Cloud Brain II',
  'ZZ-CORE': 'included at its trial-operation size (30,000 cards; 60,000 reported for Apr-2026)',
};

/** Short display names (the system name of centres.csv is long free text). */
const CENTRE_NAMES = {
  'TJ-TH1A': 'Tianhe-1A (NSCC Tianjin)',
  'TJ-TH3': 'Tianhe-3 / Tianhe new generation (NSCC Tianjin)',
  'GZ-TH2A': 'Tianhe-2A (NSCC Guangzhou)',
  'GZ-XINGYI': 'Tianhe Xingyi (NSCC Guangzhou)',
  'WX-TAIHU': 'Sunway TaihuLight (NSCC Wuxi)',
  'WX-OCEAN': 'Sunway OceanLight (NSCC Wuxi)',
  'JN-BLUE2': 'Sunway BlueLight II (NSCC Jinan)',
  'SZ-NEBULAE': 'Dawning 6000 Nebulae (NSCC Shenzhen)',
  'SZ-PCL-CB2': 'Pengcheng Cloud Brain II (Peng Cheng Lab)',
  'SZ-PCL-CB3': 'Pengcheng Cloud Brain III (Peng Cheng Lab)',
  'CS-TH1AHN': 'Tianhe-1A Hunan Solution (NSCC Changsha)',
  'CS-THNG': 'Tianhe new generation (NSCC Changsha)',
  'ZZ-NSCC': 'NSCC Zhengzhou (Sugon)',
  'ZZ-CORE': 'Supercomputing Internet core node (Zhengzhou, Sugon scaleX)',
  'KS-NSCC': 'NSCC Kunshan (Sugon)',
  'CD-NSCC': 'NSCC Chengdu',
  'XA-NSCC': "NSCC Xi'an",
  'TY-NSCC': 'NSCC Taiyuan (Sugon)',
  'CQ-NSCC': 'Sino-Singapore (Chongqing) Supercomputing Center',
  'WH-AICC': 'Wuhan AI Computing Center (Ascend)',
  'WH-SC': 'Wuhan Supercomputing Center',
  'SH-SENSE': 'SenseTime AIDC Lingang (Shanghai)',
  'BJ-ASCEND': 'Beijing Ascend AI Computing Center',
  'ZJK-HUB': 'Zhangjiakou DC cluster (JJJ hub)',
  'WHU-HUB': 'Wuhu DC cluster (YRD hub)',
  'YRD-HUB': 'YRD eco-green demo zone DC cluster (YRD hub)',
  'SG-HUB': 'Shaoguan DC cluster (GBA hub)',
  'CD-HUB': 'Tianfu DC cluster (Chengdu-Chongqing hub)',
  'CQ-HUB': 'Chongqing DC cluster (Chengdu-Chongqing hub)',
  'HLGE-HUB': 'Helinger DC cluster (Inner Mongolia hub)',
  'GA-HUB': "Gui'an DC cluster (Guizhou hub)",
  'QY-HUB': 'Qingyang DC cluster (Gansu hub)',
  'ZW-HUB': 'Zhongwei DC cluster (Ningxia hub)',
};

/** Site display names (26 sites of links.csv). */
const SITE_NAMES = {
  BJ: 'Beijing', TJ: 'Tianjin', ZJK: 'Zhangjiakou', ULQ: 'Ulanqab', HLGE: 'Helinger', TY: 'Taiyuan',
  JN: 'Jinan', ZZ: 'Zhengzhou', XA: "Xi'an", QY: 'Qingyang', ZW: 'Zhongwei', WH: 'Wuhan', CS: 'Changsha',
  CD: 'Chengdu', CQ: 'Chongqing', GA: "Gui'an", SH: 'Shanghai', KS: 'Kunshan', WX: 'Wuxi', WHU: 'Wuhu',
  YRD: 'YRD demo zone (Qingpu/Wujiang/Jiashan)', WZ: 'Wuzhen', GZ: 'Guangzhou', SZ: 'Shenzhen',
  SG: 'Shaoguan', WC: 'Wenchang',
};
/** Region (energy_region key) of the sites that have no included centre. */
const SITE_REGION_FALLBACK = { ULQ: 'Inner Mongolia hub', WZ: 'Zhejiang', WC: 'Hainan' };
/** Ulanqab has no row in centres.csv: coordinates recovered from its 25 great-circle distances in
 *  links.csv (least squares, residual < 0.1 km); checked again below. */
const EXTRA_COORDS = { ULQ: { lat: '41.0276', lon: '113.1056' } };

/** Regional links (100G class rows of links.csv), besides the ZZ star and the hub-to-hub mesh. */
const REGIONAL_LINKS = [
  ['BJ', 'TJ', 'Beijing-Tianjin metro pair'],
  ['BJ', 'ZJK', 'Beijing to its JJJ hub cluster'],
  ['ULQ', 'HLGE', 'the two Inner Mongolia hub locations'],
  ['SH', 'KS', 'Shanghai-Kunshan (YRD ring)'],
  ['KS', 'WX', 'Kunshan-Wuxi (YRD ring)'],
  ['SH', 'YRD', 'Shanghai to the YRD demo-zone cluster'],
  ['WZ', 'YRD', 'Zhejiang (Wuzhen) to the YRD demo-zone cluster'],
  ['GZ', 'SZ', 'Guangzhou-Shenzhen (GBA)'],
  ['GZ', 'SG', 'Guangzhou to its GBA hub cluster'],
  ['WH', 'CS', 'Wuhan-Changsha (central)'],
  ['XA', 'QY', "Xi'an to the Gansu hub cluster"],
  ['GZ', 'WC', 'Hainan (Wenchang) to Guangzhou'],
];

/** Demand. Two EST origin weightings (percent of a class's national rate per origin site). */
const ORIGIN_WEIGHTS = {
  // universities, CAS institutes, engineering users of the NSCCs
  science: { BJ: 16, SH: 10, TJ: 8, GZ: 8, SZ: 5, WX: 8, WZ: 3, WH: 7, CS: 5, CD: 7, CQ: 3, XA: 7, JN: 6, ZZ: 4, TY: 3 },
  // AI and internet industry (Beijing, Shanghai, Shenzhen, Hangzhou first)
  industry: { BJ: 24, SH: 18, SZ: 14, WZ: 10, GZ: 7, WX: 4, WH: 5, CD: 5, XA: 3, TJ: 3, CQ: 2, JN: 2, CS: 1, ZZ: 1, TY: 1 },
};
const ORIGIN_ORDER = ['BJ', 'SH', 'SZ', 'GZ', 'WZ', 'WX', 'TJ', 'WH', 'CD', 'XA', 'JN', 'CS', 'ZZ', 'CQ', 'TY'];

/** Arrival profiles (built into cnsim, src/workload/profiles.ts): the TaihuLight hour-of-day shape of
 *  data/layout-2025/diurnal_taihulight_sample.csv and its weekday:weekend 2:1 ratio. Both are
 *  normalised to mean 1, so `rate` stays the mean rate and the load targets below are unchanged
 *  over whole weeks. */
const DAILY_PROFILE = 'taihulight';
const WEEKLY_PROFILE = 'taihulight';

/** Target offered load (whole-node occupancy, see offeredLoad()) for the two heavy-tail classes. */
const TARGET_CPU_LOAD = 0.58;
const TARGET_GPU_LOAD = 0.58;
const ACCEPT_LOAD = [0.5, 0.65];
const ACCEPT_JOBS = [100_000, 200_000];

/** Job classes. perDay = national jobs per day (null = solved for the load target). cores/gpus:
 *  powers of two drawn log-uniformly in [min, max]; runtime: lognormal (median, sigma) clipped at max. */
const CLASSES = [
  { name: 'hpc-small', weights: 'science', perDay: 6000, cores: [1, 256], gpus: [0, 0],
    runtime: { medianS: 1200, sigma: 1.5, maxS: 86400 }, walltimeFactor: 3, inputBytes: 1e9, outputBytes: 2e8,
    about: 'single-node and small MPI jobs: pre/post-processing, tests, parameter scans' },
  { name: 'hpc', weights: 'science', perDay: 5000, cores: [256, 16384], gpus: [0, 0],
    runtime: { medianS: 7200, sigma: 1.5, maxS: 2 * 86400 }, walltimeFactor: 2, inputBytes: 10e9, outputBytes: 2e9,
    about: 'typical MPI production runs (TaihuLight: common parallelism 200-2,000 processes)' },
  { name: 'hpc-large', weights: 'science', perDay: null, solveFor: 'cpu', cores: [32768, 262144], gpus: [0, 0],
    runtime: { medianS: 8 * 3600, sigma: 1.0, maxS: 2 * 86400 }, walltimeFactor: 1.5, inputBytes: 100e9, outputBytes: 50e9,
    about: 'capability runs, 2^15-2^18 cores: the heavy tail that fills the exascale systems' },
  { name: 'analytics', weights: 'industry', perDay: 2500, cores: [16, 1024], gpus: [0, 0],
    runtime: { medianS: 1800, sigma: 1.0, maxS: 12 * 3600 }, walltimeFactor: 2, inputBytes: 200e9, outputBytes: 5e9,
    about: 'short data-heavy CPU jobs (ETL, genomics, remote-sensing batches)' },
  { name: 'ai-inference', weights: 'industry', perDay: 4500, cores: [4, 32], gpus: [1, 8],
    runtime: { medianS: 300, sigma: 1.0, maxS: 2 * 3600 }, walltimeFactor: 3, inputBytes: 10e6, outputBytes: 1e6,
    about: 'short batch inference / evaluation jobs, small data' },
  { name: 'ai-training', weights: 'industry', perDay: 3000, cores: [8, 64], gpus: [1, 64],
    runtime: { medianS: 3 * 3600, sigma: 1.2, maxS: 3 * 86400 }, walltimeFactor: 1.5, inputBytes: 200e9, outputBytes: 5e9,
    about: 'fine-tuning and small training runs, 1-64 accelerators (most AI jobs use 1-8)' },
  { name: 'ai-training-large', weights: 'industry', perDay: null, solveFor: 'gpu', cores: [256, 4096], gpus: [256, 8192],
    runtime: { medianS: 12 * 3600, sigma: 0.8, maxS: 3 * 86400 }, walltimeFactor: 1.3, inputBytes: 1e12, outputBytes: 50e9,
    about: 'large-model training, 256-8,192 accelerators: the heavy tail that fills the AI pools' },
];

// ---------------------------------------------------------------------------------------------
// 2. CSV
// ---------------------------------------------------------------------------------------------

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF rows. */
function parseCsv(text, file) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') { field += '"'; i++; }
      else { quoted = false; afterQuote = true; }
      continue;
    }
    if (ch === ',') { row.push(field); field = ''; afterQuote = false; continue; }
    if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = ''; afterQuote = false;
      continue;
    }
    if (afterQuote) throw new Error(`${file}: text after a closing quote in row ${rows.length + 1}`);
    if (ch === '"') {
      if (field !== '') throw new Error(`${file}: quote inside an unquoted field in row ${rows.length + 1}`);
      quoted = true;
      continue;
    }
    field += ch;
  }
  if (quoted) throw new Error(`${file}: unterminated quoted field`);
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...body] = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  return body.map((r, n) => {
    if (r.length !== header.length) throw new Error(`${file}: row ${n + 2} has ${r.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, k) => [h, r[k]]));
  });
}

const readCsv = (name) => parseCsv(readFileSync(join(DATA_DIR, name), 'utf8'), name);

// ---------------------------------------------------------------------------------------------
// 3. Small helpers
// ---------------------------------------------------------------------------------------------

const fail = (msg) => { throw new Error(msg); };
const round = (x, d = 0) => { const f = 10 ** d; return Math.round(x * f) / f; };
/** Shortest decimal text of x rounded to d places (no exponent for the magnitudes used here). */
const num = (x, d = 3) => { const s = round(x, d).toFixed(d); return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s; };
/** Integer with thousands separators (written by hand: no locale involved). */
const int = (x) => String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const YAML_PLAIN = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const YAML_RESERVED = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);
/** A YAML scalar: plain when unambiguous, else double-quoted (JSON string syntax is valid YAML). */
const str = (s) => (YAML_PLAIN.test(s) && !YAML_RESERVED.has(s.toLowerCase()) ? s : JSON.stringify(s));
const bytesUnit = (b) => {
  for (const [u, f] of [['TB', 1e12], ['GB', 1e9], ['MB', 1e6], ['kB', 1e3]]) if (b >= f && Number.isInteger(b / f)) return `${b / f}${u}`;
  return String(b);
};
const durationUnit = (s) => (s % 86400 === 0 ? `${s / 86400}d` : s % 3600 === 0 ? `${s / 3600}h` : `${s}s`);
const log2 = (x) => { const k = Math.round(Math.log2(x)); if (2 ** k !== x) fail(`${x} is not a power of two`); return k; };
/** Powers of two in [min, max], each with equal probability (log-uniform over exponents). */
const powersOfTwo = ([min, max]) => {
  if (max === 0) return [[0, 1]];
  const out = [];
  for (let k = log2(min); k <= log2(max); k++) out.push(2 ** k);
  return out.map((v) => [v, 1 / out.length]);
};
/** Complementary error function (Numerical Recipes erfcc, relative error < 1.2e-7). */
function erfc(x) {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}
const normCdf = (x) => 0.5 * erfc(-x / Math.SQRT2);
/** E[min(X, max)] for X lognormal with the given median and sigma (the runtime is clipped at max). */
function clippedLognormalMean({ medianS, sigma, maxS }) {
  const mu = Math.log(medianS);
  const lm = Math.log(maxS);
  return Math.exp(mu + (sigma * sigma) / 2) * normCdf((lm - mu - sigma * sigma) / sigma) + maxS * (1 - normCdf((lm - mu) / sigma));
}
const haversineKm = (a, b) => {
  const rad = Math.PI / 180;
  const [la1, lo1, la2, lo2] = [a.lat * rad, a.lon * rad, b.lat * rad, b.lon * rad];
  const h = Math.sin((la2 - la1) / 2) ** 2 + Math.cos(la1) * Math.cos(la2) * Math.sin((lo2 - lo1) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
};
/** First integer matched by `re` in `text` (commas allowed), or fail naming the centre. */
const grab = (text, re, what) => {
  const m = re.exec(text);
  if (!m) fail(`${what}: pattern ${re} not found in "${text}"`);
  return Number(m[1].replace(/,/g, ''));
};

// ---------------------------------------------------------------------------------------------
// 4. Read the data
// ---------------------------------------------------------------------------------------------

const centresCsv = readCsv('centres.csv');
const extraCsv = readCsv('centres_extra.csv');
const linksCsv = readCsv('links.csv');
const energyCsv = readCsv('energy.csv');

const extraById = new Map(extraCsv.map((r) => [r.id, r]));
const rows = centresCsv.map((c) => ({ ...c, ...(extraById.get(c.id) ?? fail(`${c.id} missing in centres_extra.csv`)) }));
const rowById = new Map(rows.map((r) => [r.id, r]));
const included = rows.filter((r) => r.include_in_2025_baseline === 'yes' || r.include_in_2025_baseline === 'optional');

// ---------------------------------------------------------------------------------------------
// 5. Centres and partitions
// ---------------------------------------------------------------------------------------------

const pf = (r) => Number(r.scenario_rpeak_pflops || r.rpeak_pflops) || null;
const powerKw = (r) => Number(r.scenario_power_kw || r.power_kw) || null;

function cpuPartition(id, { nodes, cores, nodeGflops, memory, peakW }) {
  return { id, nodes, coresPerNode: cores, gpusPerNode: 0, memoryPerNode: memory,
    speed: round(nodeGflops / cores / REF_CORE_GFLOPS, 3), peakW: Math.round(peakW), nodeGflops };
}
function gpuPartition(id, { nodes, model, cardTflops, peakW }) {
  const m = GPU_MODELS[model];
  return { id, nodes, coresPerNode: m.cores, gpusPerNode: CARDS_PER_AI_NODE, gpuModel: m.gpuModel, memoryPerNode: m.memory,
    speed: round(cardTflops / REF_GPU_TFLOPS, 3), peakW: Math.round(peakW), cardTflops };
}

/** Published node / core counts of a system, read from the free-text columns of centres.csv. */
function publishedShape(r) {
  const what = `${r.id} published size`;
  switch (r.id) {
    case 'TJ-TH1A': { // "7168 nodes / 186368 cores" (TOP500 counts 14 SMs per M2050)
      const nodes = grab(r.cores_or_nodes, /(\d+) nodes/, what);
      const total = grab(r.cores_or_nodes, /(\d+) cores/, what);
      const gpus = grab(r.accelerators, /^(\d+) NVIDIA/, what);
      return { nodes, cores: (total - gpus * 14) / nodes, basis: `${nodes} nodes; ${total} TOP500 cores minus ${gpus} GPUs x 14 SMs = ${(total - gpus * 14) / nodes} CPU cores/node` };
    }
    case 'SZ-NEBULAE':
    case 'CS-TH1AHN': { // "120640 cores" + "4640 NVIDIA Tesla C2050 (64960 acc. cores / 14 SM)": one GPU per node
      const total = grab(r.cores_or_nodes, /(\d+) cores/, what);
      const gpus = grab(r.accelerators, /^(\d+) NVIDIA/, what);
      const acc = grab(r.accelerators, /\((\d+) acc\. cores/, what);
      return { nodes: gpus, cores: (total - acc) / gpus, basis: `${gpus} nodes (one GPU each); (${total} - ${acc} GPU SMs) / ${gpus} = ${(total - acc) / gpus} CPU cores/node` };
    }
    case 'GZ-TH2A':
    case 'WX-TAIHU': {
      const nodes = grab(r.cores_or_nodes, /(\d+) nodes/, what);
      const total = grab(r.cores_or_nodes, /(\d+) cores/, what);
      return { nodes, cores: total / nodes, basis: `${nodes} nodes x ${total / nodes} cores (${total} cores)` };
    }
    case 'WX-OCEAN': {
      const nodes = grab(r.cores_or_nodes, /(\d+) nodes/, what);
      const cores = grab(r.system, /(\d+) cores\/node/, what);
      return { nodes, cores, basis: `${nodes} nodes x ${cores} cores (reported)` };
    }
    default:
      return null;
  }
}

// Derived node figures of the models that borrow from a published system.
const oceanRow = rowById.get('WX-OCEAN');
const oceanShape = publishedShape(oceanRow);
CPU_MODELS.sw26010pro.gflops = (pf(oceanRow) * 1e6) / oceanShape.nodes;
const th3p = rowById.get('TJ-TH3P');
CPU_MODELS['phytium-matrix'].gflops = (Number(th3p.rpeak_pflops) * 1e6) / grab(th3p.cores_or_nodes, /(\d+) nodes/, 'TJ-TH3P');
const cb2 = rowById.get('SZ-PCL-CB2');
const cb2Cards = grab(cb2.accelerators, /^(\d+) Ascend 910/, 'SZ-PCL-CB2');
const cb2Cpus = grab(cb2.cores_or_nodes, /^(\d+) Kunpeng 920/, 'SZ-PCL-CB2');
GPU_MODELS.ascend910.tflops = (pf(cb2) * 1e3) / cb2Cards;
if (cb2Cpus / (cb2Cards / CARDS_PER_AI_NODE) !== 4) fail('SZ-PCL-CB2: expected 4 Kunpeng 920 per 8-card node');
const zzCoreCards = grab(rowById.get('ZZ-CORE').accelerators, /^(\d+) domestic AI accelerator cards/, 'ZZ-CORE');
const hlge = rowById.get('HLGE-HUB');
const hubAiShare = grab(hlge.perf_precision, /\(([\d,]+) of/, 'HLGE-HUB') / grab(hlge.perf_precision, /of ([\d,]+) PF/, 'HLGE-HUB');

function supercomputer(r) {
  const arch = ARCH[r.id] ?? fail(`${r.id}: no architecture in ARCH`);
  const kw = powerKw(r);
  const rpeak = pf(r) ?? fail(`${r.id}: no capacity figure`);
  const notes = [];
  if (arch.cpu) {
    const model = CPU_MODELS[arch.cpu];
    const shape = publishedShape(r);
    let nodes, cores, nodeGflops;
    if (shape) {
      ({ nodes, cores } = shape);
      nodeGflops = (rpeak * 1e6) / nodes;
      notes.push(`${shape.basis}; ${rpeak} PF FP64 => ${num(nodeGflops / 1000, 2)} TF/node`);
    } else {
      cores = model.cores;
      nodeGflops = model.gflops;
      nodes = Math.max(1, Math.round((rpeak * 1e6) / nodeGflops));
      notes.push(`${rpeak} PF FP64 / ${num(nodeGflops / 1000, 2)} TF per node (${arch.cpu} model) = ${nodes} nodes`);
    }
    if (!Number.isInteger(cores)) fail(`${r.id}: non-integer cores per node ${cores}`);
    const peakW = kw ? (kw * 1000) / nodes : nodeGflops / PLACEHOLDER_GFLOPS_PER_W;
    notes.push(kw ? `power ${kw} kW / ${nodes} nodes` : `power EST at ${PLACEHOLDER_GFLOPS_PER_W} GFLOPS/W`);
    return { parts: [cpuPartition('cpu', { nodes, cores, nodeGflops, memory: arch.memory ?? model.memory, peakW })], notes };
  }
  const model = GPU_MODELS[arch.gpu];
  let cards;
  if (r.id === 'SZ-PCL-CB2') { cards = cb2Cards; notes.push(`${cb2Cards} Ascend 910 and ${cb2Cpus} Kunpeng 920 published => 512 nodes of 8 cards; ${rpeak} PF FP16 => ${num(model.tflops, 1)} TF/card`); }
  else if (r.id === 'ZZ-CORE') { cards = zzCoreCards; notes.push(`${cards} cards (official, trial operation); ${model.tflops} TF FP16/card EST (data)`); }
  else {
    const nodes = Math.max(1, Math.round((rpeak * 1e3) / (model.tflops * CARDS_PER_AI_NODE)));
    cards = nodes * CARDS_PER_AI_NODE;
    notes.push(`${rpeak} PF FP16 / (8 x ${num(model.tflops, 1)} TF) = ${nodes} nodes (${arch.gpu} model)`);
  }
  const nodes = cards / CARDS_PER_AI_NODE;
  if (!Number.isInteger(nodes)) fail(`${r.id}: ${cards} cards is not a whole number of 8-card nodes`);
  notes.push(kw ? `power ${kw} kW / ${nodes} nodes` : `AI node power ${AI_NODE_PEAK_W} W (EST)`);
  return { parts: [gpuPartition('gpu', { nodes, model: arch.gpu, cardTflops: model.tflops, peakW: kw ? (kw * 1000) / nodes : AI_NODE_PEAK_W })], notes };
}

function hubPartitions(r) {
  const total = pf(r);
  const kw = powerKw(r);
  const notes = [];
  let aiPf, aiPeakW;
  if (total) {
    aiPf = total * hubAiShare * HUB_AGGREGATE_SHARE;
    const split = r.id === 'HLGE-HUB' ? 'published AI part' : `AI share ${num(hubAiShare, 3)} of Inner Mongolia applied (EST)`;
    notes.push(`published total ${total} PF mixed precision; ${split} => ${num(aiPf, 0)} PF taken as FP16${HUB_AGGREGATE_SHARE !== 1 ? ` (x ${HUB_AGGREGATE_SHARE} attached share)` : ''}`);
  } else {
    aiPf = HUB_BLANK_AI_PFLOPS;
    notes.push(`no published total: AI pool placeholder ${HUB_BLANK_AI_PFLOPS} PF FP16 (EST)`);
  }
  const m = GPU_MODELS.a100eq;
  const aiNodes = Math.max(1, Math.round((aiPf * 1e3) / (m.tflops * CARDS_PER_AI_NODE)));
  if (total && kw) {
    aiPeakW = (kw * 1000 * hubAiShare * HUB_AGGREGATE_SHARE) / aiNodes;
    notes.push(`AI power = ${kw} kW x AI share / ${aiNodes} nodes`);
  } else {
    aiPeakW = AI_NODE_PEAK_W;
    notes.push(`AI node power ${AI_NODE_PEAK_W} W (EST)`);
  }
  const cpuNodes = Math.round((HUB_CPU_POOL_PFLOPS * 1e6) / REF_CPU_NODE_GFLOPS);
  notes.push(`batch CPU pool placeholder ${HUB_CPU_POOL_PFLOPS} PF FP64 = ${cpuNodes} reference nodes (EST)`);
  return {
    parts: [
      cpuPartition('cpu', { nodes: cpuNodes, cores: REF_CPU_CORES, nodeGflops: REF_CPU_NODE_GFLOPS, memory: CPU_MODELS.ref.memory, peakW: REF_CPU_NODE_GFLOPS / PLACEHOLDER_GFLOPS_PER_W }),
      gpuPartition('gpu', { nodes: aiNodes, model: 'a100eq', cardTflops: m.tflops, peakW: aiPeakW }),
    ],
    notes,
  };
}

const centres = included.map((r) => {
  const { parts, notes } = r.category === 'hub' ? hubPartitions(r) : supercomputer(r);
  if (MODEL_NOTES[r.id]) notes.push(MODEL_NOTES[r.id]);
  const estimated = r.category === 'hub' || r.estimated_fields !== '' || r.include_in_2025_baseline === 'optional';
  const basis = r.scenario_basis;
  return {
    id: r.id,
    name: CENTRE_NAMES[r.id] ?? fail(`${r.id}: no display name`),
    site: r.site,
    region: r.energy_region,
    estimate: estimated,
    notes: `${basis}${r.estimated_fields ? ` [EST: ${r.estimated_fields}]` : ''}; ${r.status}; ${notes.join('; ')}`,
    category: r.category,
    partitions: parts,
  };
});

// ---------------------------------------------------------------------------------------------
// 6. Sites, regions, links
// ---------------------------------------------------------------------------------------------

const siteIds = [...new Set(linksCsv.flatMap((l) => [l.a, l.b]))];
const sites = siteIds.map((id) => {
  const first = rows.find((r) => r.site === id);
  const coords = first ? { lat: first.lat, lon: first.lon } : EXTRA_COORDS[id] ?? fail(`site ${id}: no coordinates`);
  const regions = [...new Set(included.filter((r) => r.site === id).map((r) => r.energy_region))];
  if (regions.length > 1) fail(`site ${id}: centres in several energy regions ${regions}`);
  const region = regions[0] ?? SITE_REGION_FALLBACK[id] ?? fail(`site ${id}: no region`);
  return { id, name: SITE_NAMES[id] ?? fail(`site ${id}: no name`), region, lat: coords.lat, lon: coords.lon };
});
const siteById = new Map(sites.map((s) => [s.id, { ...s, lat: Number(s.lat), lon: Number(s.lon) }]));
for (const c of centres) if (!siteById.has(c.site)) fail(`${c.id}: site ${c.site} not in links.csv`);
// Coordinates check: haversine of the site coordinates reproduces links.csv great_circle_km.
let worstKm = 0;
for (const l of linksCsv) worstKm = Math.max(worstKm, Math.abs(haversineKm(siteById.get(l.a), siteById.get(l.b)) - Number(l.great_circle_km)));
if (worstKm > 0.5) fail(`site coordinates disagree with links.csv by ${worstKm} km`);

/** energy.csv row(s) of an energy_region key: exact name, else the name without its "(...)"
 *  qualifier; "A/B/C (...)" keys average their parts. */
const stripQualifier = (s) => s.replace(/\s*\(.*\)\s*$/, '').trim();
function energyFor(key) {
  const exact = energyCsv.find((e) => e.region === key);
  const parts = exact ? [exact] : stripQualifier(key).split('/').map((p) =>
    energyCsv.find((e) => stripQualifier(e.region) === p.trim()) ?? fail(`energy region "${key}": no row for "${p}"`));
  const mean = (col) => parts.reduce((s, e) => s + Number(e[col]), 0) / parts.length;
  return { id: key, price: mean('price_cny_per_kwh'), carbon: mean('carbon_g_per_kwh'), pue: mean('pue_target'), rows: parts.map((e) => e.region) };
}
const regionKeys = [...new Set([...centres.map((c) => c.region), ...sites.map((s) => s.region)])];
const regions = regionKeys.map(energyFor);

const hubSites = new Set(centres.filter((c) => c.category === 'hub').map((c) => c.site));
const linkKey = (a, b) => [a, b].sort().join('|');
const linkByPair = new Map(linksCsv.map((l) => [linkKey(l.a, l.b), l]));
const chosen = [];
const take = (a, b, group, why) => {
  const l = linkByPair.get(linkKey(a, b)) ?? fail(`no links.csv row for ${a}-${b}`);
  if (chosen.some((c) => c.key === linkKey(a, b))) return;
  chosen.push({ key: linkKey(a, b), a: l.a, b: l.b, gbps: l.bandwidth_gbps, ms: l.est_one_way_ms, group, why });
};
for (const l of linksCsv) if (l.a === 'ZZ' || l.b === 'ZZ') take(l.a, l.b, 'star');
for (const l of linksCsv) if (hubSites.has(l.a) && hubSites.has(l.b)) take(l.a, l.b, 'hub');
for (const [a, b, why] of REGIONAL_LINKS) take(a, b, 'regional', why);
const interHubRows = linksCsv.filter((l) => /inter-hub/.test(l.source_or_basis)).length;
if (chosen.filter((c) => c.group === 'hub').length !== interHubRows) fail('hub mesh differs from the inter-hub rows of links.csv');

// Routing check (shortest path by latency, as the simulator routes): every site reachable.
const adj = new Map(siteIds.map((s) => [s, []]));
for (const c of chosen) { adj.get(c.a).push([c.b, Number(c.ms), Number(c.gbps)]); adj.get(c.b).push([c.a, Number(c.ms), Number(c.gbps)]); }
/** Shortest paths by latency from src (ties broken by site id, so routes are deterministic). */
function dijkstra(src) {
  const dist = new Map([[src, 0]]);
  const prev = new Map();
  const done = new Set();
  while (done.size < siteIds.length) {
    let best = null;
    for (const [s, d] of dist) if (!done.has(s) && (best === null || d < dist.get(best) || (d === dist.get(best) && s < best))) best = s;
    if (best === null) break;
    done.add(best);
    for (const [t, ms] of adj.get(best)) {
      if (done.has(t)) continue;
      const d = dist.get(best) + ms;
      if (!dist.has(t) || d < dist.get(t) || (d === dist.get(t) && best < prev.get(t))) { dist.set(t, d); prev.set(t, best); }
    }
  }
  return { dist, prev };
}
let worstRoute = { ms: 0 };
const routes = new Map(siteIds.map((s) => [s, dijkstra(s)]));
for (const [s, { dist }] of routes) {
  if (dist.size !== siteIds.length) fail(`site ${s} cannot reach every site`);
  for (const [t, ms] of dist) if (ms > worstRoute.ms) worstRoute = { from: s, to: t, ms };
}
/** Hops of the route from a to b, as [from, to] pairs. */
function routeHops(a, b) {
  const { prev } = routes.get(a);
  const hops = [];
  for (let t = b; t !== a; t = prev.get(t)) hops.unshift([prev.get(t), t]);
  return hops;
}

// ---------------------------------------------------------------------------------------------
// 7. Offered load
// ---------------------------------------------------------------------------------------------

const allParts = centres.flatMap((c) => c.partitions.map((p) => ({ ...p, centre: c.id })));
const cpuParts = allParts.filter((p) => p.gpusPerNode === 0);
const gpuParts = allParts.filter((p) => p.gpusPerNode > 0);
const sum = (xs, f) => xs.reduce((s, x, i) => s + f(x, i), 0);
const cap = {
  cpuCores: sum(cpuParts, (p) => p.nodes * p.coresPerNode),
  cpuRefCores: sum(cpuParts, (p) => p.nodes * p.coresPerNode * p.speed),
  cpuFp64Pf: sum(cpuParts, (p) => (p.nodes * p.nodeGflops) / 1e6),
  gpus: sum(gpuParts, (p) => p.nodes * p.gpusPerNode),
  gpuRef: sum(gpuParts, (p) => p.nodes * p.gpusPerNode * p.speed),
  gpuFp16Pf: sum(gpuParts, (p) => (p.nodes * p.gpusPerNode * p.cardTflops) / 1e3),
  hostCores: sum(gpuParts, (p) => p.nodes * p.coresPerNode),
};

/** Expected figures of one job of a class. Occupancy assumes the dispatcher spreads work so that
 *  eligible partitions are equally utilised, i.e. a job lands on partition p with probability
 *  proportional to p's speed-weighted capacity among the partitions it fits on. */
function classStats(cls) {
  const coresDist = powersOfTwo(cls.cores);
  const gpusDist = powersOfTwo(cls.gpus);
  const runtimeS = clippedLognormalMean(cls.runtime);
  const isGpu = cls.gpus[1] > 0;
  const parts = isGpu ? gpuParts : cpuParts;
  let eCores = 0, eGpus = 0, occ = 0, unplaceable = 0;
  const where = new Map(); // partition -> probability that a job of this class runs there
  for (const [c, pc] of coresDist) for (const [g, pg] of gpusDist) {
    const pr = pc * pg;
    eCores += pr * c; eGpus += pr * g;
    const fits = parts.map((p) => ({ p, nodes: Math.ceil(Math.max(c / p.coresPerNode, isGpu ? g / p.gpusPerNode : 0)) }))
      .filter((x) => x.nodes <= x.p.nodes);
    if (fits.length === 0) { unplaceable += pr; continue; }
    const w = (p) => p.nodes * (isGpu ? p.gpusPerNode : p.coresPerNode) * p.speed;
    const wSum = sum(fits, (x) => w(x.p));
    // busy units (cores of CPU partitions / GPUs of GPU partitions) x seconds, at this partition's speed
    for (const x of fits) {
      occ += pr * (w(x.p) / wSum) * x.nodes * (isGpu ? x.p.gpusPerNode : x.p.coresPerNode) * (runtimeS / x.p.speed);
      where.set(x.p, (where.get(x.p) ?? 0) + pr * (w(x.p) / wSum));
    }
  }
  return { isGpu, eCores, eGpus, runtimeS, workS: (isGpu ? eGpus : eCores) * runtimeS, occS: occ, unplaceable, where };
}
const stats = new Map(CLASSES.map((c) => [c.name, classStats(c)]));
for (const [name, s] of stats) if (s.unplaceable > 0) fail(`class ${name}: ${num(s.unplaceable * 100, 2)} % of jobs fit no partition`);

/** Offered load of national per-class rates (jobs/day): whole-node occupancy and pure work. */
function offeredLoad(perDay) {
  const out = { cpuOcc: 0, cpuWork: 0, gpuOcc: 0, gpuWork: 0 };
  for (const cls of CLASSES) {
    const s = stats.get(cls.name);
    const perS = perDay[cls.name] / 86400;
    if (s.isGpu) { out.gpuOcc += (perS * s.occS) / cap.gpus; out.gpuWork += (perS * s.workS) / cap.gpuRef; }
    else { out.cpuOcc += (perS * s.occS) / cap.cpuCores; out.cpuWork += (perS * s.workS) / cap.cpuRefCores; }
  }
  return out;
}

// Size the two heavy-tail classes for the targets (load is linear in each class's rate).
const planned = Object.fromEntries(CLASSES.map((c) => [c.name, c.perDay ?? 0]));
const base = offeredLoad(planned);
for (const cls of CLASSES.filter((c) => c.perDay === null)) {
  const s = stats.get(cls.name);
  const [have, target, capacity] = cls.solveFor === 'cpu' ? [base.cpuOcc, TARGET_CPU_LOAD, cap.cpuCores] : [base.gpuOcc, TARGET_GPU_LOAD, cap.gpus];
  const perDay = Math.round((((target - have) * capacity) / s.occS) * 86400);
  if (perDay <= 0) fail(`class ${cls.name}: the other classes already exceed the ${cls.solveFor} target`);
  planned[cls.name] = perDay;
}

// Per-origin sources: rate = sum of the classes' national rates x origin weight; shares rounded so
// that each source's shares sum to exactly 1 (largest remainder on 1e-4 units).
for (const [k, w] of Object.entries(ORIGIN_WEIGHTS)) {
  if (sum(Object.values(w), (x) => x) !== 100) fail(`origin weights ${k} do not sum to 100`);
  for (const o of Object.keys(w)) if (!ORIGIN_ORDER.includes(o) || !siteById.has(o)) fail(`origin ${o} unknown`);
}
const sources = ORIGIN_ORDER.map((origin) => {
  const perDay = CLASSES.map((c) => (planned[c.name] * (ORIGIN_WEIGHTS[c.weights][origin] ?? 0)) / 100);
  const total = sum(perDay, (x) => x);
  const raw = perDay.map((x) => (x / total) * 1e4);
  const units = raw.map(Math.floor);
  let left = 1e4 - sum(units, (x) => x);
  const order = raw.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) { if (left <= 0) break; units[i]++; left--; }
  return { origin, ratePerH: round(total / 24, 1), shares: units.map((u) => u / 1e4) };
});
// Figures of what is actually written (rounded rates and shares).
const emittedPerDay = Object.fromEntries(CLASSES.map((c, i) => [c.name, sum(sources, (s) => s.ratePerH * 24 * s.shares[i])]));
const load = offeredLoad(emittedPerDay);
const jobsPerDay = sum(sources, (s) => s.ratePerH * 24);
const expectedJobs = (jobsPerDay * HORIZON_S) / 86400;

const check = (ok, msg) => { if (!ok) fail(msg); };
check(load.cpuOcc >= ACCEPT_LOAD[0] && load.cpuOcc <= ACCEPT_LOAD[1], `CPU load ${load.cpuOcc} outside ${ACCEPT_LOAD}`);
check(load.gpuOcc >= ACCEPT_LOAD[0] && load.gpuOcc <= ACCEPT_LOAD[1], `GPU load ${load.gpuOcc} outside ${ACCEPT_LOAD}`);
check(expectedJobs >= ACCEPT_JOBS[0] && expectedJobs <= ACCEPT_JOBS[1], `expected jobs ${expectedJobs} outside ${ACCEPT_JOBS}`);

// Network: offered stage-in + stage-out bits per second per origin vs its attached link capacity.
const network = sources.map((s) => {
  const bps = sum(CLASSES, (c, i) => ((s.ratePerH * s.shares[i]) / 3600) * (c.inputBytes + c.outputBytes) * 8);
  const attachedGbps = sum(chosen.filter((l) => l.a === s.origin || l.b === s.origin), (l) => Number(l.gbps));
  return { origin: s.origin, gbps: bps / 1e9, attachedGbps };
});
const networkTotalGbps = sum(network, (n) => n.gbps);
// Mean load per link direction, with jobs placed as in classStats() and routed by latency:
// stage-in bytes flow origin -> centre, stage-out bytes centre -> origin (links are full duplex).
const siteOfCentre = new Map(centres.map((c) => [c.id, c.site]));
const linkBps = new Map(); // "a>b" -> bits per second
for (const s of sources) CLASSES.forEach((c, i) => {
  const perS = (s.ratePerH * s.shares[i]) / 3600;
  for (const [part, prob] of stats.get(c.name).where) {
    const dest = siteOfCentre.get(part.centre);
    for (const [from, to] of routeHops(s.origin, dest)) {
      linkBps.set(`${from}>${to}`, (linkBps.get(`${from}>${to}`) ?? 0) + perS * prob * c.inputBytes * 8);
      linkBps.set(`${to}>${from}`, (linkBps.get(`${to}>${from}`) ?? 0) + perS * prob * c.outputBytes * 8);
    }
  }
});
const linkLoad = [...linkBps].map(([k, bps]) => {
  const [a, b] = k.split('>');
  const l = chosen.find((x) => x.key === linkKey(a, b));
  return { dir: `${a}->${b}`, gbps: bps / 1e9, util: bps / (Number(l.gbps) * 1e9), capGbps: Number(l.gbps) };
}).sort((x, y) => y.util - x.util || (x.dir < y.dir ? -1 : 1));

// ---------------------------------------------------------------------------------------------
// 8. YAML
// ---------------------------------------------------------------------------------------------

const pct = (x) => `${num(x * 100, 1)} %`;
const L = [];
const line = (s = '') => L.push(s);
const comment = (s) => line(`# ${s}`.trimEnd());

comment('national-2025: the default cnsim scenario, China\'s National Supercomputing Internet in its 2025 layout.');
comment('');
comment('GENERATED by scripts/build-national-2025.mjs from data/layout-2025/*.csv. Do not edit by hand:');
comment('change the data or the script and run `node scripts/build-national-2025.mjs` (byte-identical).');
comment('Modelling choices and estimates: scenarios/national-2025.notes.md.');
comment('');
comment('`estimate: true` marks a centre where any capacity or power figure used is an estimate (EST);');
comment('its `notes` say which. Idle power is 0.4 x peak everywhere (EST default of the data README);');
comment(`accelerator nodes split their power ${GPU_POWER_SHARE * 100} % GPUs / ${Math.round((1 - GPU_POWER_SHARE) * 100)} % the rest (EST, see GPU_POWER_SHARE in the script);`);
comment('memoryPerNode is a node-model value (EST where not published; the workload does not use it).');
comment('Speeds: CPU partitions relative to a reference core of 46.875 GFLOPS FP64 (64-core 3 TFLOPS node);');
comment('GPU/NPU partitions relative to an A100-class card (312 TFLOPS FP16).');
comment('');
comment(`Totals: ${centres.length} centres at ${new Set(centres.map((c) => c.site)).size} sites (${sites.length} sites in all), ${chosen.length} links;`);
comment(`  CPU partitions: ${int(cap.cpuCores)} cores, ${int(cap.cpuFp64Pf)} PF FP64 (${int(cap.cpuRefCores)} reference-core equivalents);`);
comment(`  GPU/NPU partitions: ${int(cap.gpus)} cards, ${int(cap.gpuFp16Pf)} PF FP16 (${int(cap.gpuRef)} A100 equivalents), ${int(cap.hostCores)} host cores;`);
comment(`  demand: ${num(jobsPerDay, 0)} jobs/day from ${sources.length} origins => ${int(expectedJobs)} expected jobs in ${durationUnit(HORIZON_S)};`);
comment(`  offered load (whole-node occupancy): CPU ${pct(load.cpuOcc)}, GPU ${pct(load.gpuOcc)} (pure work: CPU ${pct(load.cpuWork)}, GPU ${pct(load.gpuWork)});`);
comment(`  offered data ${num(networkTotalGbps, 0)} Gbps in all; busiest link direction ${linkLoad[0].dir} at ${pct(linkLoad[0].util)} mean utilisation.`);
line();
line('version: 1');
line('name: national-2025');
line(`description: ${str(`China's National Supercomputing Internet, 2025 layout: ${centres.length} centres (NSCCs, AI computing centres, East-Data-West-Computing hub clusters) at ${new Set(centres.map((c) => c.site)).size} sites; a star on the Zhengzhou core node, a 400G mesh between the EDWC hubs and ${REGIONAL_LINKS.length} regional links; one week of Poisson demand from ${sources.length} regions (HPC, analytics, AI training and inference).`)}`);
line(`seed: ${SEED}`);
line(`horizon: ${durationUnit(HORIZON_S)}                  # submissions stop at this time; the run goes on until all jobs are done`);
line();

comment(`---- Sites (${sites.length}): every site of links.csv; coordinates from centres.csv (Ulanqab from links.csv distances)`);
comment('Sites without a centre: ULQ (network node of the Inner Mongolia hub), WZ (Zhejiang demand), WC (Hainan).');
line('sites:');
const sw = Math.max(...sites.map((s) => str(s.id).length));
for (const s of sites) {
  line(`  - { id: ${str(s.id)},${' '.repeat(sw - str(s.id).length)} name: ${str(s.name)}, region: ${str(s.region)}, lat: ${s.lat}, lon: ${s.lon} }`);
}
line();

comment(`---- Energy regions (${regions.length}): key = energy_region of centres_extra.csv; values from energy.csv`);
comment('(price CNY/kWh mostly EST for the east; carbon = MEE/NBS 2022 grid factors; pue = policy target).');
line('regions:');
for (const r of regions) {
  const src = r.rows.length === 1 && r.rows[0] === r.id ? '' : `   # energy.csv: ${r.rows.join(' + ')}${r.rows.length > 1 ? ' (mean)' : ''}`;
  line(`  - { id: ${str(r.id)}, priceCnyPerKWh: ${num(r.price, 3)}, carbonGPerKWh: ${num(r.carbon, 1)}, pue: ${num(r.pue, 3)} }${src}`);
}
line();

const partitionLine = (p) => {
  const gpu = p.gpusPerNode > 0 ? `, gpuModel: ${str(p.gpuModel)}` : '';
  // Accelerator nodes: the GPUs' part of the node power separately, so that power follows the busy share of GPUs.
  const gpuW = p.gpusPerNode > 0 ? Math.round(p.peakW * GPU_POWER_SHARE) : 0;
  const nodeW = p.peakW - gpuW;
  const gpuPower = p.gpusPerNode > 0 ? `, gpuIdlePowerPerNode: ${Math.round(gpuW * IDLE_FRACTION)}W, gpuPeakPowerPerNode: ${gpuW}W` : '';
  return `      - { id: ${p.id}, nodes: ${p.nodes}, coresPerNode: ${p.coresPerNode}, gpusPerNode: ${p.gpusPerNode}${gpu}, memoryPerNode: ${p.memoryPerNode}, speed: ${num(p.speed, 3)}, idlePowerPerNode: ${Math.round(nodeW * IDLE_FRACTION)}W, peakPowerPerNode: ${nodeW}W${gpuPower} }`;
};
const groups = [
  ['nscc', 'National supercomputing centres (FP64: CPU partitions; accelerators folded into FP64 node speed)'],
  ['nscc-regional', 'Regional supercomputing centre'],
  ['ai', 'AI computing centres (FP16: GPU/NPU partitions)'],
  ['core-ai', 'Zhengzhou core node of the Supercomputing Internet (FP16)'],
  ['hub', 'EDWC hub clusters (aggregates: AI pool in A100 equivalents + placeholder batch CPU pool)'],
];
comment(`---- Centres (${centres.length}): every row of centres_extra.csv with include_in_2025_baseline yes or optional`);
comment('Capacity = scenario_rpeak_pflops (else rpeak_pflops) turned into nodes with a node model; published node');
comment('counts of centres.csv are used where given. Peak power per node = scenario_power_kw / nodes.');
comment('Node models (CPU speed = FP64 per core / 46.875 GFLOPS; GPU speed = FP16 per card / 312 TFLOPS):');
for (const [k, m] of Object.entries(CPU_MODELS)) {
  const fig = m.gflops
    ? `[${m.cores} cores, ${num(m.gflops / 1000, 2)} TF/node, speed ${num(m.gflops / m.cores / REF_CORE_GFLOPS, 3)}]`
    : '[published nodes and cores; FP64/node = Rpeak / nodes]';
  comment(`  ${k}: ${m.label} ${fig}`);
}
for (const [k, m] of Object.entries(GPU_MODELS)) comment(`  ${k}: ${m.label} [${num(m.tflops, 1)} TF/card, speed ${num(m.tflops / REF_GPU_TFLOPS, 3)}]`);
line('centres:');
for (const [cat, title] of groups) {
  const members = centres.filter((c) => c.category === cat);
  if (members.length === 0) continue;
  line();
  line(`  # == ${title}`);
  for (const c of members) {
    const capText = c.partitions.map((p) => (p.gpusPerNode > 0
      ? `${int(p.nodes * p.gpusPerNode)} ${p.gpuModel} = ${int((p.nodes * p.gpusPerNode * p.cardTflops) / 1e3)} PF FP16`
      : `${int(p.nodes * p.coresPerNode)} cores = ${int((p.nodes * p.nodeGflops) / 1e6)} PF FP64`)).join(' + ');
    line(`  # ${c.id}: ${capText}`);
    line(`  - id: ${str(c.id)}`);
    line(`    name: ${str(c.name)}`);
    line(`    site: ${str(c.site)}`);
    line(`    region: ${str(c.region)}`);
    line(`    estimate: ${c.estimate}`);
    line(`    notes: ${str(c.notes)}`);
    line('    partitions:');
    for (const p of c.partitions) line(partitionLine(p));
    line('    queue: { policy: easy }');
  }
}
line();

const linkLine = (l) => `  - { between: [${l.a}, ${l.b}], bandwidth: ${l.gbps}Gbps, latency: ${l.ms}ms }`;
comment(`---- Links (${chosen.length} of the ${linksCsv.length}-row menu in links.csv; bandwidth_gbps and est_one_way_ms as given,`);
comment('propagation only). Routing (shortest latency) finds multi-hop paths; every site is reachable;');
comment(`longest route ${worstRoute.from}-${worstRoute.to} ${num(worstRoute.ms, 2)} ms.`);
line('links:');
line(`  # star on ZZ, the national core node (${chosen.filter((l) => l.group === 'star').length}, 400G)`);
for (const l of chosen.filter((x) => x.group === 'star')) line(linkLine(l));
line(`  # EDWC hub-to-hub mesh among the ${hubSites.size} hub-cluster sites (${chosen.filter((l) => l.group === 'hub').length}, 400G)`);
for (const l of chosen.filter((x) => x.group === 'hub')) line(linkLine(l));
line(`  # regional links (${chosen.filter((l) => l.group === 'regional').length}, 100G)`);
for (const l of chosen.filter((x) => x.group === 'regional')) line(`${linkLine(l)}   # ${l.why}`);
line();

line('dispatch: { policy: least-loaded, latency: 0s, infoPeriod: 60s, infoDelay: 0s }');
line();

comment(`---- Workload: ${sources.length} Poisson sources, ${num(jobsPerDay, 0)} jobs/day, ${int(expectedJobs)} expected jobs in ${durationUnit(HORIZON_S)}.`);
comment('Classes (the same in every source; shares = the class\'s national rate x the origin\'s weight):');
for (const c of CLASSES) {
  const s = stats.get(c.name);
  comment(`  ${c.name.padEnd(18)} ${num(emittedPerDay[c.name], 0).padStart(5)}/day  ${c.about}`);
  comment(`  ${''.padEnd(18)} E[cores] ${num(s.eCores, 0)}${s.isGpu ? `, E[gpus] ${num(s.eGpus, 1)}` : ''}, E[runtime] ${num(s.runtimeS / 3600, 2)} h`);
}
comment(`Offered load over the horizon: CPU ${pct(load.cpuOcc)} of ${int(cap.cpuCores)} cores, GPU ${pct(load.gpuOcc)} of ${int(cap.gpus)} cards`);
comment('(whole-node occupancy with work spread in proportion to capacity; see the notes).');
line('workload:');
for (const s of sources) {
  line(`  - kind: poisson`);
  line(`    origin: ${s.origin}   # ${SITE_NAMES[s.origin]}`);
  line(`    rate: ${num(s.ratePerH, 1)}/h`);
  line(`    daily: ${DAILY_PROFILE}`);
  line(`    weekly: ${WEEKLY_PROFILE}`);
  line('    classes:');
  CLASSES.forEach((c, i) => {
    const rt = `{ median: ${durationUnit(c.runtime.medianS)}, sigma: ${c.runtime.sigma}, max: ${durationUnit(c.runtime.maxS)} }`;
    line(`      - { name: ${c.name}, share: ${num(s.shares[i], 4)}, cores: [${c.cores.join(', ')}], gpus: [${c.gpus.join(', ')}], runtime: ${rt}, walltimeFactor: ${c.walltimeFactor}, inputBytes: ${bytesUnit(c.inputBytes)}, outputBytes: ${bytesUnit(c.outputBytes)} }`);
  });
}
line();
line('report: { utilizationWindow: 1h }');
const yamlText = L.join('\n') + '\n';

// ---------------------------------------------------------------------------------------------
// 9. Write and report
// ---------------------------------------------------------------------------------------------

if (process.argv.includes('--check')) {
  const onDisk = existsSync(OUT_FILE) ? readFileSync(OUT_FILE, 'utf8') : '';
  if (onDisk !== yamlText) { console.error(`${OUT_FILE} is out of date: run node scripts/build-national-2025.mjs`); process.exit(1); }
  console.log(`${OUT_FILE} is up to date`);
  process.exit(0);
}
writeFileSync(OUT_FILE, yamlText);

const out = [];
const p = (s = '') => out.push(s);
p(`wrote ${OUT_FILE}`);
p();
p(`centres ${centres.length} (estimate: ${centres.filter((c) => c.estimate).length}), sites ${sites.length}, links ${chosen.length} (star ${chosen.filter((l) => l.group === 'star').length}, hub ${chosen.filter((l) => l.group === 'hub').length}, regional ${chosen.filter((l) => l.group === 'regional').length}), regions ${regions.length}`);
p(`CPU: ${int(cap.cpuCores)} cores, ${int(cap.cpuFp64Pf)} PF FP64, ${int(cap.cpuRefCores)} reference-core equivalents`);
p(`GPU: ${int(cap.gpus)} cards, ${int(cap.gpuFp16Pf)} PF FP16, ${int(cap.gpuRef)} A100 equivalents; ${int(cap.hostCores)} host cores`);
p(`longest route: ${worstRoute.from}-${worstRoute.to} ${num(worstRoute.ms, 2)} ms`);
p();
p('| centre | partition | nodes | cores/node | gpus/node | speed | peak W | cores | cards | share of CPU cap | share of GPU cap |');
p('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const x of allParts) {
  const cpu = x.gpusPerNode === 0;
  p(`| ${x.centre} | ${x.id}${cpu ? '' : ` (${x.gpuModel})`} | ${int(x.nodes)} | ${x.coresPerNode} | ${x.gpusPerNode} | ${num(x.speed, 3)} | ${x.peakW} | ${int(x.nodes * x.coresPerNode)} | ${cpu ? '' : int(x.nodes * x.gpusPerNode)} | ${cpu ? pct((x.nodes * x.coresPerNode * x.speed) / cap.cpuRefCores) : ''} | ${cpu ? '' : pct((x.nodes * x.gpusPerNode * x.speed) / cap.gpuRef)} |`);
}
p();
p('| class | jobs/day | jobs in horizon | E[cores] | E[gpus] | E[runtime] h | work per job | occupied per job | share of its load |');
p('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const c of CLASSES) {
  const s = stats.get(c.name);
  const perS = emittedPerDay[c.name] / 86400;
  const share = s.isGpu ? (perS * s.occS) / cap.gpus / load.gpuOcc : (perS * s.occS) / cap.cpuCores / load.cpuOcc;
  const unit = s.isGpu ? 'GPU-h' : 'core-h';
  p(`| ${c.name} | ${num(emittedPerDay[c.name], 0)} | ${int((emittedPerDay[c.name] * HORIZON_S) / 86400)} | ${num(s.eCores, 0)} | ${num(s.eGpus, 1)} | ${num(s.runtimeS / 3600, 2)} | ${int(s.workS / 3600)} ${unit} | ${int(s.occS / 3600)} ${unit} | ${pct(share)} |`);
}
p();
p(`jobs/day ${num(jobsPerDay, 0)}, expected jobs in ${durationUnit(HORIZON_S)}: ${int(expectedJobs)}`);
p(`offered CPU load: ${pct(load.cpuOcc)} whole-node occupancy, ${pct(load.cpuWork)} pure work (target ${pct(TARGET_CPU_LOAD)})`);
p(`offered GPU load: ${pct(load.gpuOcc)} whole-node occupancy, ${pct(load.gpuWork)} pure work (target ${pct(TARGET_GPU_LOAD)})`);
p();
p('| origin | rate /h | offered data Gbps (in+out) | attached link Gbps |');
p('|---|---:|---:|---:|');
for (const n of network) p(`| ${n.origin} | ${num(sources.find((s) => s.origin === n.origin).ratePerH, 1)} | ${num(n.gbps, 1)} | ${n.attachedGbps} |`);
p(`total offered data: ${num(networkTotalGbps, 1)} Gbps (${num((networkTotalGbps * 1e9 * 86400) / 8 / 1e15, 2)} PB/day)`);
p();
p('busiest link directions (mean over the horizon, placement in proportion to capacity, latency routing):');
p('| link direction | capacity Gbps | mean Gbps | mean utilisation |');
p('|---|---:|---:|---:|');
for (const x of linkLoad.slice(0, 12)) p(`| ${x.dir} | ${x.capGbps} | ${num(x.gbps, 1)} | ${pct(x.util)} |`);
p(`link directions carrying traffic: ${linkLoad.length} of ${chosen.length * 2}`);
console.log(out.join('\n'));
