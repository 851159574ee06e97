import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import type Tinypool from 'tinypool';
import type * as TinypoolModule from 'tinypool';
import { unpackedPath } from '../../util/asar-unpacked';
import { restoreYoungGenerationFlags } from '../../util/young-generation';
import { buildHintTable, firstHintInBytes, hintedLineStartsInBytes, hintScanPrimer, type HintSpec } from './hint-scan';

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
const primer = (${hintScanPrimer.toString()});
// One table per set of words, kept across tasks.
const tables = new Map();
export default function scan({ shared, length, spec }) {
  const bytes = new Uint8Array(shared, 0, length);
  const key = JSON.stringify(spec);
  let table = tables.get(key);
  if (!table) {
    tables.set(key, (table = buildTable(spec)));
    // Every path of the scan taken once before V8 optimises it, so that its optimised code is
    // not thrown away and made again each time a stretch takes a path it had not seen.
    const text = primer(spec);
    lineStarts(text, table, firstHint);
    lineStarts(text.subarray(1), table, firstHint);
  }
  return lineStarts(bytes, table, firstHint);
}
`;

let pool: Promise<Tinypool> | undefined;

/**
 * Where tinypool is loaded from. Its threads start from its own `dist/entry/worker.js`, found
 * next to the module that was loaded; in a packaged app that must be the copy in
 * app.asar.unpacked (build/electron-builder.yml unpacks tinypool), not the one in app.asar.
 */
export function tinypoolModule(resolve: (id: string) => string = createRequire(import.meta.url).resolve): string {
  return unpackedPath(resolve('tinypool'));
}

/** Worker threads: one per core (the calling thread has its own share of the work). */
export function scanThreads(): number {
  return Math.max(1, availableParallelism());
}

/**
 * The worker threads that read every byte: the hint scan's, and other whole-file passes that
 * name their own module per task (the log scan's byte pass, in the CLI). One pool, so that one
 * stage's idle threads are the next stage's, not more threads.
 */
export function scanPool(): Promise<Tinypool> {
  // Loaded with the first large stretch of text, not when a command starts.
  pool ??= (import(pathToFileURL(tinypoolModule()).href) as Promise<typeof TinypoolModule>).then(({ Tinypool }) => new Tinypool({
    filename: `data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`,
    minThreads: 0,
    maxThreads: scanThreads(),
    // Idle threads end soon: a collection is a burst, and a CLI run must be free to exit.
    idleTimeout: 2000,
    // A scan holds one stretch of text (a few MB) at a time; a small young generation keeps
    // each thread's memory near that instead of V8's defaults for a main thread.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  }));
  return pool;
}

/**
 * Runs a task on the pool's threads. A thread that starts undoes the CLI launcher's V8 flags
 * for the whole process: they are set again once a task has its answer (young-generation.ts).
 */
export async function runInScanPool(task: object, options?: Parameters<Tinypool['run']>[1]): Promise<unknown> {
  const result: unknown = await (await scanPool()).run(task, options);
  restoreYoungGenerationFlags();
  return result;
}

/**
 * Line starts (offsets, read as latin1) of the lines that hold a hint, in the first `length`
 * bytes of a shared buffer the caller took and gives back (takeShared).
 */
export async function scanSharedInWorker(shared: SharedArrayBuffer, length: number, spec: HintSpec): Promise<number[]> {
  try {
    return (await runInScanPool({ shared, length, spec })) as number[];
  } catch (err) {
    throw new Error(`redaction worker failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Stretches reach the workers through a few shared buffers used over and over. A buffer handed
 * over (transferred) for each stretch is garbage on the worker once scanned, and a worker whose
 * scan allocates almost nothing collects it only after tens of megabytes have piled up.
 */
const freeShared: SharedArrayBuffer[] = [];
const MAX_FREE_SHARED = 8;

/** A shared buffer of at least `bytes` bytes, to give back with releaseShared once no thread reads it. */
export function takeShared(bytes: number): SharedArrayBuffer {
  const at = freeShared.findIndex((b) => b.byteLength >= bytes);
  if (at !== -1) return freeShared.splice(at, 1)[0] as SharedArrayBuffer;
  // Rounded up so that one buffer serves the next stretches of about the same size.
  return new SharedArrayBuffer(Math.max(1 << 16, 2 ** Math.ceil(Math.log2(bytes))));
}

export function releaseShared(buffer: SharedArrayBuffer): void {
  if (freeShared.length < MAX_FREE_SHARED) freeShared.push(buffer);
}

/** Ends the worker threads (tests, and an app that quits). */
export async function closeScanPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await (await p?.catch(() => undefined))?.destroy();
}
