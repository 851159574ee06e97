import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appConfigDir } from '../util/app-paths';
import type { FixPlan } from './fix-definition';

/**
 * What a rollback needs, kept in the app's data directory after an apply: the plan with its
 * data (object names, preconditions, the old values of changed keys). Plans hold no secret by
 * construction, so no file here does either; fixes whose undo would need one offer no rollback.
 * One file per applied plan (`rollback/FINDING_ID/<plan>.json`): a fix applied as several plans
 * (two ConfigMaps, a ConfigMap and a host) keeps every one. Files from older versions
 * (`rollback/FINDING_ID.json`, one per finding) are still read.
 */
const safeName = (findingId: string) => findingId.replace(/[^a-z0-9-]/gi, '_');
const findingDir = (findingId: string, dataDir: string) => join(dataDir, 'rollback', safeName(findingId));
const legacyPath = (findingId: string, dataDir: string) => join(dataDir, 'rollback', `${safeName(findingId)}.json`);
// Plan ids hold targets (context names, paths): hashed, so any id is one safe file name.
const planPath = (plan: Pick<FixPlan<unknown>, 'findingId' | 'planId'>, dataDir: string) =>
  join(findingDir(plan.findingId, dataDir), `${createHash('sha256').update(plan.planId).digest('hex').slice(0, 24)}.json`);

export async function saveRollback(plan: FixPlan<unknown>, dataDir = appConfigDir()): Promise<void> {
  await mkdir(findingDir(plan.findingId, dataDir), { recursive: true, mode: 0o700 });
  await writeFile(planPath(plan, dataDir), JSON.stringify(plan, null, 2) + '\n', { mode: 0o600 });
}

/** A kept rollback: the applied plan and when it was kept (the time of the apply). */
export interface StoredRollback {
  plan: FixPlan<never>;
  savedAt: string;
}

async function readKept(path: string): Promise<StoredRollback | undefined> {
  try {
    return { plan: JSON.parse(await readFile(path, 'utf8')) as FixPlan<never>, savedAt: (await stat(path)).mtime.toISOString() };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function jsonFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.json')).map((n) => join(dir, n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}

/** Every applied plan of a finding that can be rolled back, newest first; an unreadable file is an error here. */
export async function loadRollbacks(findingId: string, dataDir = appConfigDir()): Promise<FixPlan<never>[]> {
  const paths = [legacyPath(findingId, dataDir), ...(await jsonFiles(findingDir(findingId, dataDir)))];
  const kept: StoredRollback[] = [];
  for (const path of paths) {
    const one = await readKept(path);
    if (one) kept.push(one);
  }
  return newestPerPlan(kept).map((k) => k.plan);
}

/** Newest first, one per plan: a plan kept by an older version and applied again since is listed once. */
function newestPerPlan(kept: StoredRollback[]): StoredRollback[] {
  const seen = new Set<string>();
  return kept
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt))
    .filter((k) => {
      const key = `${k.plan.findingId}\u0000${k.plan.planId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Forgets one plan's rollback, after it was rolled back (also the older one-per-finding file holding that plan). */
export async function dropRollback(plan: Pick<FixPlan<unknown>, 'findingId' | 'planId'>, dataDir = appConfigDir()): Promise<void> {
  await rm(planPath(plan, dataDir), { force: true });
  const legacy = await readKept(legacyPath(plan.findingId, dataDir)).catch(() => undefined);
  if (legacy?.plan.planId === plan.planId) await rm(legacyPath(plan.findingId, dataDir), { force: true });
}

/**
 * Every applied fix that can still be rolled back, newest first: what the app lists after a
 * restart. A file that cannot be read as a plan is left out (the CLI's --rollback names it).
 */
export async function listRollbacks(dataDir = appConfigDir()): Promise<StoredRollback[]> {
  const root = join(dataDir, 'rollback');
  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const paths = [...names.filter((n) => n.endsWith('.json')).map((n) => join(root, n))];
  for (const n of names) if (!n.endsWith('.json')) paths.push(...(await jsonFiles(join(root, n))));
  const found: StoredRollback[] = [];
  for (const path of paths) {
    try {
      const one = await readKept(path);
      if (!one || typeof one.plan?.findingId !== 'string' || typeof one.plan.fixId !== 'string' || one.plan.rollback?.possible !== true) continue;
      found.push(one);
    } catch (err) {
      if (err instanceof SyntaxError) continue;
      throw err;
    }
  }
  return newestPerPlan(found);
}
