/**
 * The thread that writes a streamed run's jobs file (see threaded-job-rows.ts): it takes the
 * chunks of records in turn, rebuilds each job and writes its row with the same writers as the
 * simulation's thread would (CsvFileRows, ParquetRows), then frees the chunk.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { CsvFileRows } from './csv.js';
import { type RecordChunk, RecordReader } from './job-record.js';
import { ParquetRows } from './jobs-parquet.js';
import { CellRowWriter } from './run-tally.js';
import { ABORT, FAILED, FINISHED, FREE, LAST, READY, RECORDS_AT, type RowsWorkerData, type WriterFailure } from './threaded-job-rows.js';

const data = workerData as RowsWorkerData;
const control = new Int32Array(data.control);

function failure(error: unknown): WriterFailure {
  const e = error as NodeJS.ErrnoException;
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(typeof e?.syscall === 'string' ? { syscall: e.syscall } : {}),
    ...(typeof e?.path === 'string' ? { path: e.path } : {}),
    ...(typeof e?.errno === 'number' ? { errno: e.errno } : {}),
  };
}

/** Tells the simulation's thread that writing failed, and why. */
function fail(error: unknown): void {
  data.port.postMessage(failure(error));
  Atomics.store(control, FAILED, 1);
  Atomics.notify(control, 0);
  Atomics.notify(control, 1);
}

function run(): void {
  let writer: CellRowWriter;
  try {
    const out = data.format === 'csv' ? new CsvFileRows(data.path, data.header) : new ParquetRows(data.path, data.header);
    writer = new CellRowWriter(data.names, out);
  } catch (error) {
    fail(error);
    return;
  }
  Atomics.store(control, READY, 1);
  Atomics.notify(control, READY);
  const chunks: RecordChunk[] = [0, 1].map((c) => ({ numbers: new Float64Array(data.numbers[c] as SharedArrayBuffer), text: new Uint16Array(data.text[c] as SharedArrayBuffer) }));
  const reader = new RecordReader(() => receiveMessageOnPort(data.port)?.message as string);
  const row = writer.write.bind(writer);
  for (let c = 0; ; c ^= 1) {
    Atomics.wait(control, c, FREE);
    const state = Atomics.load(control, c);
    if (state === ABORT) {
      writer.abort();
      return;
    }
    try {
      reader.readChunk(chunks[c] as RecordChunk, Atomics.load(control, RECORDS_AT + c), row);
      if (state === LAST) writer.close();
    } catch (error) {
      writer.abort();
      fail(error);
      return;
    }
    Atomics.store(control, c, FREE);
    Atomics.notify(control, c);
    if (state === LAST) return;
  }
}

try {
  run();
} catch (error) {
  fail(error);
} finally {
  Atomics.store(control, FINISHED, 1);
  Atomics.notify(control, FINISHED);
  // Unreferenced rather than closed: a failure posted on it must still reach the other side.
  data.port.unref();
}
