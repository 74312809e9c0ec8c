/**
 * Rows of text cells as aligned lines for a terminal: the first column left-aligned (names), the
 * others right-aligned (numbers), two spaces between columns; the header row sets the column
 * count, and a short row simply ends early. Lines are not trimmed: callers that indent or may end
 * in blank cells trim them.
 */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  '));
}
