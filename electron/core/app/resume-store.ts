import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { sourcesSchema, type Sources } from '../../../shared/ipc/channels';
import { RESUME_MAX_AGE_DAYS, wizardStateSchema, type ResumeProblem, type SavedCollection, type WizardState } from '../../../shared/ipc/resume';
import { mapMessageStrings } from '../../../shared/messages';
import { writeBundle } from '../evidence/bundle/write-bundle';
import { redactText } from '../evidence/redact/redact-stream';
import { Redactor } from '../evidence/redact/redactor';
import type { Session } from './session';

/** Bump when the saved shape changes; a file of another version is set aside, not guessed at. */
const FORMAT_VERSION = 1;
const STATE_FILE = 'wizard-state.json';
/** The diagnosis on screen, as a redacted bundle like the ones "Save bundle…" writes. */
const BUNDLE_FILE = 'last-diagnosis.zip';

const savedSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  savedAt: z.iso.datetime(),
  state: wizardStateSchema,
  /** The session the bundle was written from (its id changes when it is reopened), what and when it was collected from. */
  diagnosis: z
    .object({
      sessionId: z.string(),
      /** A bundle the user opened stays one; anything else is the last collection (older files: those with sources). */
      origin: z.enum(['collected', 'bundle']).optional(),
      sources: sourcesSchema.optional(),
      collectedAt: z.iso.datetime().optional(),
    })
    .optional(),
});
type Saved = z.infer<typeof savedSchema>;

export interface Restored {
  state?: WizardState;
  savedAt?: string;
  problem?: ResumeProblem;
  /** The reopened diagnosis (origin 'restored': read-only until collected again), with what it was collected from. */
  session?: Session;
  sources?: Sources;
}

/**
 * The wizard's state across restarts, in the app's data directory: a JSON file (no secrets:
 * the schema has no place for them; tokens stay in the keychain) and a bundle of the diagnosis
 * it shows. Writes are atomic (temp file, then rename) and one at a time.
 */
export class ResumeStore {
  private queue: Promise<unknown> = Promise.resolve();
  private diagnosis: Saved['diagnosis'];
  private redactedRows: { key: string; rows: SavedCollection['rows'] } | undefined;

  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Saves the state; a diagnosis not yet kept is written as a bundle first, a dropped one deleted. */
  save(state: WizardState, session: Session | undefined, sources: Sources | undefined): Promise<void> {
    const run = this.queue.then(() => this.write(state, session, sources));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for the saves under way: an app that stops keeps the last state it was asked to save. */
  async flush(): Promise<void> {
    await this.queue;
  }

  /**
   * The saved state, with its diagnosis reopened by `reopen`. Whatever is wrong with the files
   * (unreadable, another version, too old, the bundle gone) sets them aside with a reason.
   */
  async load(reopen: (bundle: string) => Promise<Session>): Promise<Restored> {
    let raw: string;
    try {
      raw = await readFile(join(this.dir, STATE_FILE), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return this.setAside('unreadable');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return this.setAside('unreadable');
    }
    const version = (json as { version?: unknown } | null)?.version;
    if (version !== undefined && version !== FORMAT_VERSION) return this.setAside('other-version');
    const parsed = savedSchema.safeParse(json);
    if (!parsed.success) return this.setAside('unreadable');
    const saved = parsed.data;
    const ageDays = (this.now().getTime() - Date.parse(saved.savedAt)) / 86_400_000;
    if (ageDays > RESUME_MAX_AGE_DAYS) return this.setAside('too-old');
    if (!saved.state.sessionId || !saved.diagnosis) return { state: { ...saved.state, sessionId: undefined }, savedAt: saved.savedAt };
    try {
      const reopened = await reopen(join(this.dir, BUNDLE_FILE));
      // The last collection, not a file the user opened: said so, with its time, and fixes wait for fresh evidence.
      const collected = saved.diagnosis.origin ? saved.diagnosis.origin === 'collected' : saved.diagnosis.sources !== undefined;
      const collectedAt = saved.diagnosis.collectedAt ?? reopened.manifest?.createdAt;
      const session: Session = collected ? { ...reopened, origin: 'restored', ...(collectedAt ? { collectedAt } : {}) } : reopened;
      this.diagnosis = keptDiagnosis(session, saved.diagnosis.sources);
      await this.writeState({ ...saved, state: { ...saved.state, sessionId: session.id }, diagnosis: this.diagnosis });
      return { state: { ...saved.state, sessionId: session.id }, savedAt: saved.savedAt, session, ...(saved.diagnosis.sources ? { sources: saved.diagnosis.sources } : {}) };
    } catch {
      // The targets and preferences are still worth having; the diagnosis must be collected again.
      this.diagnosis = undefined;
      await rm(join(this.dir, BUNDLE_FILE), { force: true });
      return { state: { ...saved.state, sessionId: undefined }, savedAt: saved.savedAt, problem: 'diagnosis-lost' };
    }
  }

  private async write(state: WizardState, session: Session | undefined, sources: Sources | undefined): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    if (!session) {
      this.diagnosis = undefined;
      await rm(join(this.dir, BUNDLE_FILE), { force: true });
    } else if (this.diagnosis?.sessionId !== session.id) {
      await this.writeBundle(session);
      this.diagnosis = keptDiagnosis(session, sources);
    }
    const kept = this.redactCollection(session ? state : { ...state, sessionId: undefined });
    await this.writeState({ version: FORMAT_VERSION, savedAt: this.now().toISOString(), state: kept, ...(this.diagnosis ? { diagnosis: this.diagnosis } : {}) });
  }

  private async writeBundle(session: Session): Promise<void> {
    const target = join(this.dir, BUNDLE_FILE);
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      if (session.store) await writeBundle(session.store, session.analysis.findings, temp);
      else if (session.bundlePath) await copyFile(session.bundlePath, temp);
      else throw new Error('This diagnosis has no evidence to keep');
      await rename(temp, target);
    } finally {
      await rm(temp, { force: true });
    }
  }

  private async writeState(saved: Saved): Promise<void> {
    const file = join(this.dir, STATE_FILE);
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
      await rename(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
  }

  /**
   * The collectors' words on the saved rows go through the redactor, as evidence does: the file
   * keeps no secret a message quoted. The same rows are saved with every change of the wizard, so
   * they are redacted once.
   */
  private redactCollection(state: WizardState): WizardState {
    if (!state.collection) return state;
    const key = JSON.stringify(state.collection.rows);
    if (this.redactedRows?.key !== key) {
      const redactor = new Redactor();
      const redact = (text: string) => redactText(redactor, text).text;
      const rows = state.collection.rows.map((r) => ({ ...r, message: redact(r.message), ...(r.text ? { text: mapMessageStrings(r.text, redact) } : {}) }));
      this.redactedRows = { key, rows };
    }
    return { ...state, collection: { ...state.collection, rows: this.redactedRows.rows } };
  }

  /** A state that cannot be used is removed, so the next start is clean, and the reason given once. */
  private async setAside(problem: ResumeProblem): Promise<Restored> {
    this.diagnosis = undefined;
    await rm(join(this.dir, STATE_FILE), { force: true }).catch(() => undefined);
    await rm(join(this.dir, BUNDLE_FILE), { force: true }).catch(() => undefined);
    return { problem };
  }
}

function keptDiagnosis(session: Session, sources: Sources | undefined): NonNullable<Saved['diagnosis']> {
  return {
    sessionId: session.id,
    origin: session.origin === 'bundle' ? 'bundle' : 'collected',
    ...(sources ? { sources } : {}),
    ...(session.collectedAt ? { collectedAt: session.collectedAt } : {}),
  };
}
