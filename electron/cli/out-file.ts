import { open, realpath, rm, stat, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { processAlive } from '../core/evidence/session-dirs';
import { UsageError } from './usage';
import { cliText } from './language';

/**
 * Checks `--out` before anything is collected, so a mistake costs nothing: it may not be a
 * folder, nor one of the inputs (the bundle would overwrite the user's config.toml), and its
 * folder must exist. An existing file is replaced (the caller says so).
 */
export async function checkOutFile(out: string, inputs: readonly string[]): Promise<{ path: string; replaces: boolean }> {
  const path = resolve(out);
  const text = cliText();
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(text('out.isFolder', { out, example: `${out.replace(/\/+$/, '')}/bundle.zip` }));
  const dir = await stat(dirname(path)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new UsageError(text('out.noFolder', { out, dir: dirname(path) }));
  const real = await realpath(path).catch(() => path);
  for (const input of inputs) {
    const inputReal = await realpath(resolve(input)).catch(() => resolve(input));
    if (real === inputReal || real.startsWith(inputReal + '/')) throw new UsageError(text('out.isInput', { out, input }));
  }
  return { path, replaces: info !== undefined };
}

/**
 * One writer per bundle path: `<out>.lock` holds the writer's pid. A second run into the same
 * file is refused instead of both reporting success; a lock left by a process that is gone
 * is taken over.
 */
export async function lockOutFile(path: string): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.write(`${process.pid}\n`);
      await handle.close();
      return () => rm(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
        throw new UsageError(cliText()('out.locked', { path, pid }));
      }
      await rm(lock, { force: true });
    }
  }
  throw new UsageError(cliText()('out.noLock', { path, lock }));
}
