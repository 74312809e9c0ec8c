/**
 * The same number, as a 32-bit integer when it is one (-0 becomes 0).
 *
 * Why: V8 gives an object field a double representation as soon as one stored value is a heap
 * number, and then boxes that field in a heap number of its own in every object of the shape.
 * Values read from a Float64Array, or computed in floating point (2 ** k, Math.ceil), are heap
 * numbers even when whole; passed through here they are small integers, stored in place. Job
 * specs of a 10^6-job run are that many objects, so each box avoided is 10^6 fewer objects for
 * the garbage collector to copy and mark.
 */
export function smallInteger(x: number): number {
  const i = x | 0;
  return i === x ? i : x;
}
