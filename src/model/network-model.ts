/**
 * The flow-level network models cnsim offers, and their parameters.
 *
 * `maxmin` is cnsim's original model: a transfer waits its route latency, then every link
 * direction is shared max-min fairly. `cm02` and `lv08` are SimGrid's TCP models (SimGrid 3.32,
 * src/surf/network_cm02.cpp, `NetworkCm02Model::communicate` and the LMM solver of
 * src/kernel/lmm/maxmin.cpp): a flow's share is weighted by 1 / its route latency (TCP's RTT
 * unfairness), bounded by its TCP window (`tcpGamma / (2 × route latency)`), loads the links of
 * its back route with 5 % of its rate (cross-traffic), and the latency it waits and the capacity
 * links offer carry correction factors. `lv08` is `cm02` with the factors fitted by Velho and
 * Legrand (INRIA RR-7821, 2011): latency × 13.01, bandwidth × 0.97, weight-S 20537 bytes.
 */
export type NetworkModelName = 'maxmin' | 'cm02' | 'lv08';

/** How the two directions of a link share its bandwidth (SimGrid's link sharing policies). */
export type LinkSharing = 'shared' | 'splitDuplex';

/** The parameters of a network model, resolved (defaults applied). */
export interface NetworkModel {
  readonly model: NetworkModelName;
  /** TCP window size γ, bytes: a flow's rate ≤ γ / (2 × route latency). 0 = no window bound. */
  readonly tcpGammaBytes: number;
  /** Each flow also consumes `crossTrafficShare` of its rate on its back route (the ACKs). */
  readonly crossTraffic: boolean;
  /** Multiplies the route latency a transfer waits before its bytes flow. */
  readonly latencyFactor: number;
  /** Multiplies the capacity each link offers (and a flow's bandwidth bound). */
  readonly bandwidthFactor: number;
  /** Bytes: a flow's sharing penalty adds weightS / bandwidth (bytes/s) of every link of its route. */
  readonly weightSBytes: number;
}

/**
 * Share of a flow's rate its cross-traffic takes on its back route: SimGrid's constant 0.05
 * (`comm_action_expand_constraints`, network_cm02.cpp, 3.32), not a configuration item there.
 */
export const CROSS_TRAFFIC_SHARE = 0.05;

/** SimGrid 3.32's `network/TCP-gamma` default, 4 MiB (measured with SimGrid 3.32 itself: test/fixtures/simgrid/README.md). */
export const SIMGRID_TCP_GAMMA_BYTES = 4194304;

/**
 * Each model's defaults: `cm02` and `lv08` take SimGrid 3.32's (`surf_network_model_init_CM02`
 * and `surf_network_model_init_LegrandVelho` in network_cm02.cpp set the factors and weight-S;
 * TCP-gamma and cross-traffic are the `network/TCP-gamma` and `network/crosstraffic` defaults).
 * `maxmin` turns every TCP feature off, so it is today's model.
 */
export const NETWORK_MODEL_DEFAULTS: Readonly<Record<NetworkModelName, NetworkModel>> = {
  maxmin: { model: 'maxmin', tcpGammaBytes: 0, crossTraffic: false, latencyFactor: 1, bandwidthFactor: 1, weightSBytes: 0 },
  cm02: { model: 'cm02', tcpGammaBytes: SIMGRID_TCP_GAMMA_BYTES, crossTraffic: true, latencyFactor: 1, bandwidthFactor: 1, weightSBytes: 0 },
  lv08: { model: 'lv08', tcpGammaBytes: SIMGRID_TCP_GAMMA_BYTES, crossTraffic: true, latencyFactor: 13.01, bandwidthFactor: 0.97, weightSBytes: 20537 },
};

/**
 * The default sharing of a link's two directions: `splitDuplex` (each direction has the whole
 * bandwidth) under `maxmin`, as cnsim always did; `shared` under the TCP models, SimGrid's
 * default for a link (`SharingPolicy::SHARED`).
 */
export function defaultLinkSharing(model: NetworkModelName): LinkSharing {
  return model === 'maxmin' ? 'splitDuplex' : 'shared';
}
