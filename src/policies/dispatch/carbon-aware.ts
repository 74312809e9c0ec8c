import { energyAwarePolicy } from './energy-aware.js';

/**
 * Carbon-aware: the smallest CO2 of running the job (facility energy × grid carbon intensity of
 * the hours it would run at that centre) plus a wait penalty. Default penalty 0.5 kg per
 * node-hour: a ~1 kW node emits 0.17 kg/h on Sichuan's hydro grid (140 g/kWh, PUE 1.25) and
 * 0.9 kg/h on Hebei's (725 g/kWh), so a job accepts about an hour of delay per hour of runtime
 * moved to the greenest grid.
 */
export const carbonAware = energyAwarePolicy({
  name: 'carbon-aware',
  metric: 'co2Kg',
  summary: 'Send each job where its CO2 (grid carbon intensity of the hours it would run) plus a wait penalty is smallest.',
  waitUnit: 'kg CO2',
  defaultWaitWeight: 0.5,
});
