import { setFlagsFromString } from 'node:v8';

/** Where the CLI's launcher leaves the V8 flags it set for a command's young generation (build/build-cli.mjs). */
const FLAGS = Symbol.for('runner-doctor.young-generation-flags');

/**
 * Sets the launcher's young-generation flags again. Starting a worker thread undoes them for the
 * whole process (the main thread's young generation went on to grow to 32 MiB once one had
 * started), so the pool that starts worker threads calls this once they answer (scan-pool.ts).
 */
export function restoreYoungGenerationFlags(): void {
  const flags = (globalThis as Record<symbol, unknown>)[FLAGS];
  if (typeof flags === 'string') setFlagsFromString(flags);
}
