import { receiveMessageOnPort } from 'node:worker_threads';
import { CsvFileRows } from './csv.js';
import { chunkViews, type RecordChunk, RecordReader } from './job-record.js';
import { ABORTED, FREE, LAST, READY, RECORDS_AT, type RowsWorkerData } from './job-rows-protocol.js';
import { ParquetRows } from './jobs-parquet.js';
import { CellRowWriter } from './run-tally.js';

/** How long the writer sleeps between looks at the abort flag while it waits for a chunk, ms. */
const ABORT_POLL_MS = 200;

/**
 * The writer thread's loop: takes the chunks of records in turn, rebuilds each job and writes
 * its row with the writers the simulation's thread would use (CsvFileRows, ParquetRows), then
 * frees the chunk. Stops at the last chunk (closing the file) or when the run is aborted.
 * @param fail reports an error to the simulation's thread
 */
export function writeRows(data: RowsWorkerData, fail: (error: unknown) => void): void {
  const control = new Int32Array(data.control);
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
  const chunks = chunkViews(data.numbers, data.text);
  const reader = new RecordReader(() => receiveMessageOnPort(data.port)?.message as string);
  const row = writer.write.bind(writer);
  const aborted = (): boolean => Atomics.load(control, ABORTED) !== 0;
  for (let c = 0; ; c ^= 1) {
    // A timed wait: the abort flag is looked at even if its notification came before the wait.
    while (Atomics.load(control, c) === FREE && !aborted()) Atomics.wait(control, c, FREE, ABORT_POLL_MS);
    if (aborted()) {
      writer.abort();
      return;
    }
    const state = Atomics.load(control, c);
    try {
      reader.readChunk(chunks[c] as RecordChunk, Atomics.load(control, RECORDS_AT + c), row);
      if (state === LAST) {
        if (aborted()) writer.abort();
        else writer.close();
      }
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
