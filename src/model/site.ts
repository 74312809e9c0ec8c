/** A place on the network: a centre's location, a demand region or a pure network node. */
export interface Site {
  readonly id: string;
  readonly name: string;
  /** Price and carbon region (an id of {@link Region}), or '' when unknown. */
  readonly region: string;
  readonly latDeg: number;
  readonly lonDeg: number;
}

/** Electricity price, grid carbon intensity and PUE of a region (see {@link EnergyRates}). */
export interface Region {
  readonly id: string;
  /** Electricity price by hour of day (24 values, hour 0 = 00:00 CST), CNY/kWh; flat = 24 equal values. */
  readonly priceByHourCnyPerKWh: readonly number[];
  /** Grid carbon intensity by hour of day (24 values), gCO2/kWh. */
  readonly carbonByHourGPerKWh: readonly number[];
  /** Power usage effectiveness (facility ÷ IT energy, ≥ 1) by calendar month (12 values, January first). */
  readonly pueByMonth: readonly number[];
}

/** Great-circle distance in km (haversine, R = 6371 km). */
export function greatCircleKm(a: Pick<Site, 'latDeg' | 'lonDeg'>, b: Pick<Site, 'latDeg' | 'lonDeg'>): number {
  const toRad = Math.PI / 180;
  const dLat = (b.latDeg - a.latDeg) * toRad;
  const dLon = (b.lonDeg - a.lonDeg) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latDeg * toRad) * Math.cos(b.latDeg * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
