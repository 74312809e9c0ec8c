/** Text escaped for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** A number for people: thousands grouped, at most `digits` significant digits (no locale: same text everywhere). */
export function formatQuantity(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e15 || abs < 1e-3) return x.toExponential(2);
  const rounded = Number(x.toPrecision(digits));
  const [whole, fraction] = String(Math.abs(rounded)).split('.');
  const grouped = (whole as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '−' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Bytes with a decimal SI prefix (kB, MB, ... EB). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let k = 0;
  let x = Math.abs(bytes);
  while (x >= 1000 && k < units.length - 1) {
    x /= 1000;
    k++;
  }
  return `${bytes < 0 ? '−' : ''}${formatQuantity(x, 3)} ${units[k] as string}`;
}

/** A duration in seconds with a readable unit (s, min, h, d). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const abs = Math.abs(seconds);
  if (abs < 120) return `${formatQuantity(seconds, 3)} s`;
  if (abs < 7200) return `${formatQuantity(seconds / 60, 3)} min`;
  if (abs < 172800) return `${formatQuantity(seconds / 3600, 3)} h`;
  return `${formatQuantity(seconds / 86400, 3)} d`;
}
