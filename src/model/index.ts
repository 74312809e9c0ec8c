export * from './centre.js';
export * from './job.js';
export * from './link.js';
export * from './partition.js';
export * from './scenario.js';
export * from './site.js';
export * from './input-error.js';
export * from './energy-rates.js';
