import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatError, MessageError } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';
import { errorMessage } from '../util/abort';
import { systemReason } from '../util/network-failure';

const PREFIX = 'runner-doctor-session-';
const OWNER = '.owner-pid';

/** The temporary folder cannot hold a session's evidence: the user's machine to fix, not a bug. */
export class TempFolderError extends MessageError {
  override name = 'TempFolderError';
}

/**
 * A private temp folder for one session's redacted evidence, marked with the owning process.
 * A temp folder that is missing or not writable stops the whole collection: said naming it.
 */
export async function createSessionDir(): Promise<string> {
  const root = tmpdir();
  let dir: string;
  try {
    dir = await mkdtemp(join(root, PREFIX));
  } catch (err) {
    // The English keeps the system's own sentence, for support.
    const english = formatError(msg('evidence.noSessionDir', { dir: root, reason: errorMessage(err) }));
    throw new TempFolderError(msg('evidence.noSessionDir', { dir: root, reason: systemReason(err) }), english);
  }
  await writeFile(join(dir, OWNER), String(process.pid), { mode: 0o600 });
  return dir;
}

/** Whether process `pid` runs (for files that name their owner: session folders, bundle locks). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes session folders left behind by processes that no longer run (a crash, a kill -9),
 * so redacted evidence does not pile up in the temp folder. Folders of live processes stay.
 */
export async function removeStaleSessionDirs(root = tmpdir()): Promise<string[]> {
  const names = (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith(PREFIX));
  const removed: string[] = [];
  for (const name of names) {
    const dir = join(root, name);
    const pid = Number(await readFile(join(dir, OWNER), 'utf8').catch(() => ''));
    // A folder without a readable owner is one being created right now, or not ours: leave it.
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    await rm(dir, { recursive: true, force: true }).then(
      () => removed.push(dir),
      () => undefined,
    );
  }
  return removed;
}
