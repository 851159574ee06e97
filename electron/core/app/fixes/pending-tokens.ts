import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Rotations whose new token is kept in the secret store but whose fix has not finished: by
 * plan id, the name the token is kept under (never the token). A later plan of the same
 * target, in this run or after a restart, resumes with it instead of resetting again.
 */
export interface PendingToken {
  planId: string;
  secretName: string;
  since: string;
}

const FILE = 'pending-token-fixes.json';

export async function readPendingTokens(dataDir: string): Promise<PendingToken[]> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, FILE), 'utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as PendingToken[]).filter((p) => typeof p?.planId === 'string' && typeof p.secretName === 'string') : [];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) return [];
    throw err;
  }
}

async function write(dataDir: string, pending: PendingToken[]): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, FILE);
  await writeFile(`${path}.tmp`, JSON.stringify(pending, null, 2) + '\n', { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

export async function addPendingToken(dataDir: string, entry: PendingToken): Promise<void> {
  const pending = (await readPendingTokens(dataDir)).filter((p) => p.planId !== entry.planId);
  await write(dataDir, [...pending, entry]);
}

export async function dropPendingToken(dataDir: string, planId: string): Promise<void> {
  const pending = await readPendingTokens(dataDir);
  if (pending.some((p) => p.planId === planId)) await write(dataDir, pending.filter((p) => p.planId !== planId));
}
