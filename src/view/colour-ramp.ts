/**
 * A sequential colour ramp for values in [0, 1] (utilization): viridis sampled at nine stops
 * (van der Walt and Smith, matplotlib), interpolated in RGB. Vega-Lite charts use Vega's own
 * `viridis` scheme; the map, drawn with d3-geo, uses this one so both read the same.
 */
const STOPS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

const rgb = STOPS.map((hex) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]);

/** Colour of `x` (clamped to [0, 1]; NaN gives grey, "no value"). */
export function rampColour(x: number): string {
  if (!Number.isFinite(x)) return '#bdbdbd';
  const t = Math.min(1, Math.max(0, x)) * (rgb.length - 1);
  const i = Math.min(rgb.length - 2, Math.floor(t));
  const f = t - i;
  const a = rgb[i] as [number, number, number];
  const b = rgb[i + 1] as [number, number, number];
  const channel = (k: 0 | 1 | 2): string => Math.round(a[k] + (b[k] - a[k]) * f).toString(16).padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/**
 * Colour of a link's utilization on [0, maxValue]: light grey to dark red. Links of a national
 * WAN run at a few percent on average, so on the centres' 0–100 % ramp they would all look idle;
 * the legend states the top of this scale.
 */
export function linkColour(x: number, maxValue: number): string {
  if (!Number.isFinite(x)) return '#bdbdbd';
  const t = maxValue > 0 ? Math.min(1, Math.max(0, x / maxValue)) : 0;
  const from = [0xc8, 0xc8, 0xc8];
  const to = [0xb2, 0x18, 0x2b];
  return `#${from.map((f, k) => Math.round(f + ((to[k] as number) - f) * t).toString(16).padStart(2, '0')).join('')}`;
}
