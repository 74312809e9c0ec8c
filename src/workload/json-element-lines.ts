/**
 * The 1-based line on which each element of a top-level array starts in a JSON text
 * (`{"jobs": [ {...}, {...} ]}` → the line of each job), found by one linear scan that only
 * tracks strings and nesting: JSON.parse gives values, not positions, and a warning that names
 * the line of a job is what a user can act on.
 * @returns one line per element of the array under `key` of the top-level object, or null when
 *   the text has no such array (the caller then falls back to element indices)
 */
export function topLevelArrayElementLines(text: string, key: string): number[] | null {
  let line = 1;
  let depth = 0;
  // At depth 1 of the top-level object: the last string seen, and whether it was followed by ':'.
  let lastString = '';
  let pendingKey = '';
  let inArray = false;
  let arrayDepth = -1;
  let expectElement = false;
  let found: number[] | null = null;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (inArray && depth === arrayDepth && expectElement && c !== 93 /* ] */) {
      (found as number[]).push(line);
      expectElement = false;
    }
    if (c === 34 /* " */) {
      const start = i + 1;
      i++;
      while (i < n && text.charCodeAt(i) !== 34) {
        if (text.charCodeAt(i) === 92 /* \ */) i++;
        else if (text.charCodeAt(i) === 10) line++;
        i++;
      }
      if (depth === 1) lastString = text.slice(start, i);
      continue;
    }
    if (c === 58 /* : */) {
      if (depth === 1) pendingKey = lastString;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (c === 91 && depth === 2 && pendingKey === key && found === null) {
        found = [];
        inArray = true;
        arrayDepth = depth;
        expectElement = true;
      }
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      if (inArray && depth === arrayDepth) inArray = false;
      depth--;
      continue;
    }
    if (c === 44 /* , */) {
      if (inArray && depth === arrayDepth) expectElement = true;
      if (depth === 1) pendingKey = '';
    }
  }
  return found;
}
