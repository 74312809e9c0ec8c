/**
 * Defaults of the job-class models other than `lublin`. A class names a model and overrides any
 * of these keys. Values are cnsim estimates (EST) unless a source is given; they are the
 * planner's starting point, documented in scenarios/README.md.
 */
export interface ClassDefaults {
  readonly cores?: readonly [number, number];
  readonly gpus: readonly [number, number];
  readonly coresPerGpu: number;
  readonly runtime?: { readonly medianS: number; readonly sigma: number; readonly maxS: number };
  readonly walltimeFactor: number;
  readonly inputBytes: number;
  readonly outputBytes: number;
  readonly deadlineS: number;
  readonly maxLatencyS: number;
}

export const CLASS_DEFAULTS: Readonly<Record<'custom' | 'lublin' | 'ai-training' | 'ai-inference' | 'analytics', ClassDefaults>> = {
  custom: { gpus: [0, 0], coresPerGpu: 0, walltimeFactor: 1.5, inputBytes: 0, outputBytes: 0, deadlineS: Infinity, maxLatencyS: Infinity },
  lublin: { gpus: [0, 0], coresPerGpu: 0, walltimeFactor: 1.5, inputBytes: 0, outputBytes: 0, deadlineS: Infinity, maxLatencyS: Infinity },
  // Multi-GPU, long, large datasets. Shape after the Philly (Jeon et al., USENIX ATC'19) and Helios
  // (Hu et al., SC'21) GPU-cluster studies: multi-GPU training jobs run for hours to days and hold
  // most GPU time. Sizes, runtimes and bytes EST.
  'ai-training': {
    cores: [128, 8192], gpus: [8, 1024], coresPerGpu: 16,
    runtime: { medianS: 6 * 3600, sigma: 1.5, maxS: 7 * 86400 },
    walltimeFactor: 1.5, inputBytes: 500e9, outputBytes: 20e9, deadlineS: Infinity, maxLatencyS: Infinity,
  },
  // Short, latency-sensitive: batch inference and evaluation on 1-8 cards with a response
  // deadline, run only where the route to the user is short. EST: a 5 ms one-way budget is about
  // 1,000 km of fibre, the reach of a user's own hub region.
  'ai-inference': {
    cores: [8, 64], gpus: [1, 8], coresPerGpu: 8,
    runtime: { medianS: 120, sigma: 1, maxS: 1800 },
    walltimeFactor: 3, inputBytes: 50e6, outputBytes: 5e6, deadlineS: 900, maxLatencyS: 0.005,
  },
  // Data-heavy, short CPU jobs (ETL, genomics, remote-sensing batches); the national-2025 analytics
  // class; data sizes in the 50-500 GB range of data/layout-2025/README.md. EST.
  analytics: {
    cores: [16, 1024], gpus: [0, 0], coresPerGpu: 0,
    runtime: { medianS: 1800, sigma: 1, maxS: 12 * 3600 },
    walltimeFactor: 2, inputBytes: 200e9, outputBytes: 5e9, deadlineS: Infinity, maxLatencyS: Infinity,
  },
};
