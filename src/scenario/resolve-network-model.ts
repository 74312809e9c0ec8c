import { NETWORK_MODEL_DEFAULTS, type NetworkModel } from '../model/network-model.js';
import type { ScenarioInput } from './schema.js';

/** The TCP parameters of `network`, which only `cm02` and `lv08` have. */
const TCP_KEYS = ['tcpGamma', 'crossTraffic', 'latencyFactor', 'bandwidthFactor', 'weightS'] as const;

/**
 * `network.model` and its parameters, SimGrid's defaults for those not given. A TCP parameter
 * under `maxmin` is an error (maxmin has no window, no cross-traffic, no factors): reported
 * through `at`, with the path of the key.
 */
export function resolveNetworkModel(network: ScenarioInput['network'], at: (path: readonly PropertyKey[], message: string) => void): NetworkModel {
  const defaults = NETWORK_MODEL_DEFAULTS[network.model];
  if (network.model === 'maxmin') {
    for (const key of TCP_KEYS) {
      if (network[key] !== undefined) at(['network', key], `applies to network.model cm02 or lv08 only (the model is maxmin)`);
    }
    return defaults;
  }
  return {
    model: network.model,
    tcpGammaBytes: network.tcpGamma ?? defaults.tcpGammaBytes,
    crossTraffic: network.crossTraffic ?? defaults.crossTraffic,
    latencyFactor: network.latencyFactor ?? defaults.latencyFactor,
    bandwidthFactor: network.bandwidthFactor ?? defaults.bandwidthFactor,
    weightSBytes: network.weightS ?? defaults.weightSBytes,
  };
}
