import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sourcesSchema, type Sources } from '../../../../shared/ipc/channels';

/**
 * The targets an applied fix was made on (the Targets page's choices: contexts, hosts, the
 * name a GitLab token is kept under — never a token), by finding id, next to the rollback
 * data: after a restart the app connects to them again to roll the fix back.
 */
const FILE = 'rollback-sources.json';

/** The plan id says which apply they belong to: a later apply of the same finding elsewhere (the CLI) is not matched. */
interface Entry {
  planId: string;
  appliedAt: string;
  sources: Sources;
}
type Remembered = Record<string, Entry>;

async function read(dataDir: string): Promise<Remembered> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, FILE), 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Remembered = {};
    for (const [findingId, entry] of Object.entries(parsed as Record<string, Partial<Entry>>)) {
      const checked = sourcesSchema.safeParse(entry?.sources);
      if (checked.success && typeof entry.planId === 'string' && typeof entry.appliedAt === 'string') out[findingId] = { planId: entry.planId, appliedAt: entry.appliedAt, sources: checked.data };
    }
    return out;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) return {};
    throw err;
  }
}

async function write(dataDir: string, remembered: Remembered): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, FILE);
  await writeFile(`${path}.tmp`, JSON.stringify(remembered, null, 2) + '\n', { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

export async function rememberRollbackSources(dataDir: string, findingId: string, planId: string, sources: Sources): Promise<void> {
  await write(dataDir, { ...(await read(dataDir)), [findingId]: { planId, appliedAt: new Date().toISOString(), sources } });
}

/** The targets of the app's apply of this plan; none when the kept rollback is of another apply (the CLI's). */
export async function rollbackSourcesOf(dataDir: string, findingId: string, planId: string, savedAt: string): Promise<Sources | undefined> {
  const entry = (await read(dataDir))[findingId];
  // The rollback file is written just before the apply's outcome, so the app's note is never older than it by more than the verify took.
  if (!entry || entry.planId !== planId || Date.parse(entry.appliedAt) < Date.parse(savedAt) - 1000) return undefined;
  return entry.sources;
}

export async function forgetRollbackSources(dataDir: string, findingId: string): Promise<void> {
  const remembered = await read(dataDir);
  if (!(findingId in remembered)) return;
  delete remembered[findingId];
  await write(dataDir, remembered);
}
