import { energyAwarePolicy } from './energy-aware.js';

/**
 * Price-aware: the smallest electricity cost of running the job (facility energy × price of the
 * hours it would run at that centre) plus a wait penalty. Default penalty 0.5 CNY per node-hour:
 * a CPU node of ~1 kW at PUE 1.2–1.35 costs 0.41–0.88 CNY per hour between the cheapest (western
 * hubs, 0.34 CNY/kWh) and dearest (coastal, 0.65) regions of the 2025 layout, so a job accepts
 * about an hour of delay per hour of runtime moved from the coast to the west.
 */
export const priceAware = energyAwarePolicy({
  name: 'price-aware',
  metric: 'costCny',
  summary: 'Send each job where its electricity cost (at the hours it would run) plus a wait penalty is smallest.',
  waitUnit: 'CNY',
  defaultWaitWeight: 0.5,
});
