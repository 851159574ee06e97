import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appConfigDir } from '../util/app-paths';
import type { FixPlan } from './fix-definition';

/**
 * What a rollback needs, kept in the app's data directory after an apply: the plan with its
 * data (object names, preconditions, the old values of changed keys). Plans hold no secret by
 * construction, so no file here does either; fixes whose undo would need one offer no rollback.
 */
function rollbackPath(findingId: string, dataDir: string): string {
  return join(dataDir, 'rollback', `${findingId.replace(/[^a-z0-9-]/gi, '_')}.json`);
}

export async function saveRollback(plan: FixPlan<unknown>, dataDir = appConfigDir()): Promise<void> {
  const path = rollbackPath(plan.findingId, dataDir);
  await mkdir(join(dataDir, 'rollback'), { recursive: true, mode: 0o700 });
  await writeFile(path, JSON.stringify(plan, null, 2) + '\n', { mode: 0o600 });
}

/** The last applied plan for a finding that can be rolled back, if any. */
export async function loadRollback(findingId: string, dataDir = appConfigDir()): Promise<FixPlan<never> | undefined> {
  try {
    return JSON.parse(await readFile(rollbackPath(findingId, dataDir), 'utf8')) as FixPlan<never>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function dropRollback(findingId: string, dataDir = appConfigDir()): Promise<void> {
  await rm(rollbackPath(findingId, dataDir), { force: true });
}

/** A kept rollback: the applied plan and when it was kept (the time of the apply). */
export interface StoredRollback {
  plan: FixPlan<never>;
  savedAt: string;
}

/**
 * Every applied fix that can still be rolled back, newest first: what the app lists after a
 * restart. A file that cannot be read as a plan is left out (the CLI's --rollback names it).
 */
export async function listRollbacks(dataDir = appConfigDir()): Promise<StoredRollback[]> {
  let names: string[];
  try {
    names = (await readdir(join(dataDir, 'rollback'))).filter((n) => n.endsWith('.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const found: StoredRollback[] = [];
  for (const name of names) {
    const path = join(dataDir, 'rollback', name);
    try {
      const plan = JSON.parse(await readFile(path, 'utf8')) as FixPlan<never>;
      if (typeof plan?.findingId !== 'string' || typeof plan.fixId !== 'string' || plan.rollback?.possible !== true) continue;
      found.push({ plan, savedAt: (await stat(path)).mtime.toISOString() });
    } catch (err) {
      if (err instanceof SyntaxError || (err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
  }
  return found.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}
