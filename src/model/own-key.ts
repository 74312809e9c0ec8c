/**
 * Records keyed by names a user chose (job classes, device models, units, option names) are
 * plain objects, which inherit `constructor`, `toString`, `__proto__` and the rest from
 * Object.prototype: reading `record[name]` for a class named `constructor` finds a function, and
 * writing `record['__proto__']` replaces the prototype. These two helpers read and write own
 * entries only.
 */

/** The record's own entry for `key`, or undefined (never an inherited member). */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `record[key]` as an own, enumerable entry, even for `__proto__` (which would otherwise set the prototype). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
