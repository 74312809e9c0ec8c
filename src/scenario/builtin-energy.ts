import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';

/** The energy table shipped with the package (copied from the 2025 layout data, with its sources). */
export const BUILTIN_ENERGY_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/layout-2025/energy.csv');

/** One row of the built-in table: what it gives (a blank cell gives nothing). */
export interface BuiltinRegion {
  readonly name: string;
  readonly priceCnyPerKWh?: number;
  readonly carbonGPerKWh?: number;
  readonly pue?: number;
}

let table: Map<string, BuiltinRegion> | undefined;

/**
 * The built-in row for a region id, matched without case on the table's region name or on the
 * name without its parenthesised qualifier ("Sichuan" finds "Sichuan (Chengdu-Chongqing hub,
 * Tianfu)"); undefined when no row matches.
 */
export function builtinRegion(id: string): BuiltinRegion | undefined {
  table ??= readTable();
  return table.get(id.trim().toLowerCase());
}

function readTable(): Map<string, BuiltinRegion> {
  const rows = parseCsv(readFileSync(BUILTIN_ENERGY_FILE, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const byKey = new Map<string, BuiltinRegion>();
  for (const row of rows) {
    const name = row.region ?? '';
    const num = (raw: string | undefined): number | undefined => (raw === undefined || raw === '' ? undefined : Number(raw));
    const price = num(row.price_cny_per_kwh);
    const carbon = num(row.carbon_g_per_kwh);
    const pue = num(row.pue_target);
    const region: BuiltinRegion = {
      name,
      ...(price === undefined ? {} : { priceCnyPerKWh: price }),
      ...(carbon === undefined ? {} : { carbonGPerKWh: carbon }),
      ...(pue === undefined ? {} : { pue }),
    };
    byKey.set(name.toLowerCase(), region);
    const short = name.replace(/\s*\([^)]*\)\s*$/, '').toLowerCase();
    if (!byKey.has(short)) byKey.set(short, region);
  }
  return byKey;
}
