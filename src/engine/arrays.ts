/**
 * Empty arrays born in the elements kind they will hold.
 *
 * V8 gives an empty `[]` small-integer elements and changes the array's hidden class on the first
 * push of an object or a fraction. Code optimised during a run has only seen the changed class,
 * so when the next run (a sweep worker does many) creates the same arrays afresh, every optimised
 * function that touches one while it is still empty is thrown away and compiled again. An array
 * that starts in its final kind never changes class, so the first run's code stays valid: with
 * the simulation's, the network's, the merge's and the tally's arrays made this way, optimising
 * compilation in runs 2–4 of a worker (national-2025, 4 days each) fell from ~0.6 to ~0.37
 * core-seconds. Use these for arrays made once per run (or per object) and written in hot code;
 * a literal `[]` is fine elsewhere.
 */

/** An empty array for objects (or strings, or arrays): its elements are tagged from the start. */
export function objectArray<T>(): T[] {
  const array: unknown[] = [null];
  array.length = 0; // shrinking keeps the elements kind (V8 never moves back to small integers)
  return array as T[];
}

/** An empty array for numbers that may have fractions: its elements are unboxed doubles from the start. */
export function doubleArray(): number[] {
  const array = [0.5];
  array.length = 0;
  return array;
}

/**
 * Empties an array without releasing its backing store: `length = 0` makes V8 drop the storage,
 * so the next push reallocates, which in the hot path turned into hundreds of MB of garbage.
 */
export function clear(array: unknown[]): void {
  while (array.length > 0) array.pop();
}
