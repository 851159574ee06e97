import { availableParallelism } from 'node:os';
import type Tinypool from 'tinypool';
import { buildHintTable, firstHintInBytes, hintedLineStartsInBytes, type HintSpec } from './hint-scan';

/**
 * Worker threads that find the lines holding a hint in large stretches of text: the one part
 * of redaction that reads every byte. Everything that decides a placeholder (numbering,
 * secrets remembered across files) stays on the calling thread, in file order, so output is
 * the same as redacting on one thread.
 *
 * The worker's module is made from the source text of the same functions the calling thread
 * runs, as a data: URL: nothing to locate on disk, whichever way the code was bundled.
 */
const WORKER_SOURCE = `
const buildTable = (${buildHintTable.toString()});
const firstHint = (${firstHintInBytes.toString()});
const lineStarts = (${hintedLineStartsInBytes.toString()});
// One table per set of words, kept across tasks.
const tables = new Map();
export default function scan({ bytes, spec }) {
  const key = JSON.stringify(spec);
  let table = tables.get(key);
  if (!table) tables.set(key, (table = buildTable(spec)));
  return lineStarts(bytes, table, firstHint);
}
`;

let pool: Promise<Tinypool> | undefined;

/** Worker threads: one per core (the calling thread has its own share of the work). */
export function scanThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Line starts (offsets into `bytes`, read as latin1) of the lines that hold a hint. */
export async function scanInWorker(bytes: Uint8Array, spec: HintSpec): Promise<number[]> {
  // Loaded with the first large stretch of text, not when a command starts.
  pool ??= import('tinypool').then(({ Tinypool }) => new Tinypool({
    filename: `data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`,
    minThreads: 0,
    maxThreads: scanThreads(),
    // Idle threads end soon: a collection is a burst, and a CLI run must be free to exit.
    idleTimeout: 2000,
    // A scan holds one stretch of text (a few MB) at a time; a small young generation keeps
    // each thread's memory near that instead of V8's defaults for a main thread.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  }));
  // A copy of exactly these bytes, handed over rather than cloned.
  const copy = new Uint8Array(bytes);
  try {
    return (await (await pool).run({ bytes: copy, spec }, { transferList: [copy.buffer] })) as number[];
  } catch (err) {
    throw new Error(`redaction worker failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Ends the worker threads (tests, and an app that quits). */
export async function closeScanPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await (await p?.catch(() => undefined))?.destroy();
}
