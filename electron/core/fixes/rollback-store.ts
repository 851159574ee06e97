import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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
