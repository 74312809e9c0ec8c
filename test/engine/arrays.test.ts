import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { doubleArray, objectArray } from '../../src/engine/arrays.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('arrays born in their final elements kind', () => {
  it('are empty, ordinary arrays that grow and shrink as usual', () => {
    const objects = objectArray<{ n: number }>();
    const doubles = doubleArray();
    expect(Array.isArray(objects)).toBe(true);
    expect(objects).toEqual([]);
    expect(doubles).toEqual([]);
    objects.push({ n: 1 }, { n: 2 });
    doubles.push(1, 2.5, Number.NaN);
    expect(objects.map((o) => o.n)).toEqual([1, 2]);
    expect(doubles).toEqual([1, 2.5, Number.NaN]);
    expect(objectArray()).not.toBe(objectArray()); // a new array each call
  });

  it('never change hidden class when filled, so code optimised on one run still fits the next (V8 intrinsics, in a child process)', () => {
    // %HaveSameMap compares hidden classes: a fresh array must already have the class a filled one has.
    const arrays = pathToFileURL(join(ROOT, 'dist', 'engine', 'arrays.js')).href;
    const script = `
      const { objectArray, doubleArray } = await import(${JSON.stringify(arrays)});
      const objects = objectArray(); objects.push({}); objects.push('text');
      const doubles = doubleArray(); doubles.push(1); doubles.push(0.25);
      const literal = []; literal.push({});
      console.log(JSON.stringify({
        objectsSame: %HaveSameMap(objectArray(), objects),
        doublesSame: %HaveSameMap(doubleArray(), doubles),
        objectsKind: %HasObjectElements(objectArray()) && !%HasHoleyElements(objectArray()),
        doublesKind: %HasDoubleElements(doubleArray()) && !%HasHoleyElements(doubleArray()),
        literalChanges: !%HaveSameMap([], literal),
      }));`;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    // literalChanges shows why the helpers exist: a literal [] does change class on its first object.
    expect(JSON.parse(r.stdout)).toEqual({ objectsSame: true, doublesSame: true, objectsKind: true, doublesKind: true, literalChanges: true });
  });
});
