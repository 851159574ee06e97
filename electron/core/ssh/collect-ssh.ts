import type { EvidenceStore } from '../evidence/store';
import { errorMessage, isCancelled } from '../util/abort';
import { mapPool } from '../util/pool';
import { HostCollector } from './collect-host';
import type { SshConnection } from './connect';
import type { ParsedConfig } from './ssh-config';
import { connectPlanned, loadSshConfigFor, planTarget, targetAlias, type SshConnectOptions, type SshTargetInput } from './target';
import { progressSource, sourceIds, type ProgressSource } from '../../../shared/source-ids';
import { errorText, msg, type Message } from '../../../shared/messages';

/**
 * Collects read-only evidence from runner hosts over SSH, several at once. A host that fails
 * never stops the others; every failure is recorded against its source as `ssh:<alias>`.
 */

export type { SshTargetInput } from './target';
export type SshHostState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface CollectSshOptions extends SshConnectOptions {
  onProgress?: (source: ProgressSource, state: SshHostState, message: string | Message) => void;
  /** Checked from each host with DNS and curl; default: the `url`s in its config.toml. */
  gitlabUrl?: string;
  /** Hosts collected at once (default 4). */
  concurrency?: number;
  /** Per command, on the host (default 60 s). */
  commandTimeoutMs?: number;
  /** How far back the journal is read (default 24 h). */
  journalHours?: number;
}

export interface SshHostResult {
  alias: string;
  source: string;
  state: 'done' | 'failed' | 'cancelled';
  files: number;
  /** What could not be collected (also in the store's errors) and remarks (in the store's notes). */
  notes: string[];
  /** The notes as message ids where they have one, in the same order. */
  noteTexts: (string | Message)[];
  error?: string;
}

/** One question at a time: hosts connect in parallel, but a user answers prompts one by one. */
function oneAtATime<A, R>(fn: ((arg: A) => Promise<R>) | undefined): ((arg: A) => Promise<R>) | undefined {
  if (!fn) return undefined;
  let last: Promise<unknown> = Promise.resolve();
  return (arg) => {
    const next = last.then(() => fn(arg));
    last = next.catch(() => undefined);
    return next;
  };
}

/** Throws SshConfigError for an unreadable or malformed ssh config: an input error, before any host is tried. */
export async function collectSshHosts(
  targets: SshTargetInput[],
  store: EvidenceStore,
  options: CollectSshOptions,
): Promise<SshHostResult[]> {
  const askHostKey = oneAtATime(options.askHostKey);
  const askSecret = oneAtATime(options.askSecret);
  const opts: CollectSshOptions = { ...options, ...(askHostKey ? { askHostKey } : {}), ...(askSecret ? { askSecret } : {}) };
  const config = await loadSshConfigFor(opts);
  const seen = new Set<string>();
  const unique = targets.filter((t) => {
    const alias = targetAlias(t);
    return seen.has(alias) ? false : (seen.add(alias), true);
  });
  for (const t of unique) opts.onProgress?.(progressSource({ kind: 'ssh', alias: targetAlias(t) }), 'pending', msg('progress.waiting'));
  const settled = await mapPool(unique, opts.concurrency ?? 4, (t) => collectOne(t, config, store, opts), opts.signal);
  return settled.map((s, i) => {
    if (s.status === 'fulfilled') return s.value;
    // Only a cancel before the host started gets here; collectOne itself never rejects.
    const alias = targetAlias(unique[i] as SshTargetInput);
    opts.onProgress?.(progressSource({ kind: 'ssh', alias }), 'cancelled', msg('ssh.progress.cancelledBeforeStart'));
    return { alias, source: sourceIds.ssh(alias), state: 'cancelled', files: 0, notes: [], noteTexts: [], error: 'Cancelled' };
  });
}

async function collectOne(
  input: SshTargetInput,
  config: ParsedConfig | undefined,
  store: EvidenceStore,
  opts: CollectSshOptions,
): Promise<SshHostResult> {
  const alias = targetAlias(input);
  const host = progressSource({ kind: 'ssh', alias });
  const source = host.id;
  const progress = (state: SshHostState, message: string | Message) => opts.onProgress?.(host, state, message);
  let collector: HostCollector | undefined;
  let conn: SshConnection | undefined;
  const result = (state: SshHostResult['state'], error?: string): SshHostResult => ({
    alias,
    source,
    state,
    files: collector?.files ?? 0,
    notes: collector?.notes ?? [],
    noteTexts: collector?.noteTexts ?? [],
    ...(error ? { error } : {}),
  });
  try {
    const plan = planTarget(input, config, opts);
    store.addSource({ id: source, type: 'ssh', description: plan.description });
    for (const w of plan.warnings) store.addError(source, msg('sshConfig.warning', { warning: w }));
    progress('running', msg('ssh.progress.connecting', { where: plan.description }));
    conn = await connectPlanned(plan, input, opts);
    collector = new HostCollector(conn, store, source, alias, {
      commandTimeoutMs: opts.commandTimeoutMs ?? 60_000,
      journalHours: opts.journalHours ?? 24,
      ...(opts.gitlabUrl ? { gitlabUrl: opts.gitlabUrl } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      onStep: (label, n) => progress('running', msg('ssh.progress.step', { label, n })),
    });
    await collector.collect();
    const files = msg('progress.storedFiles', { count: collector.files });
    progress('done', collector.gaps ? msg('ssh.progress.doneWithGaps', { files, gaps: msg('ssh.progress.items', { count: collector.gaps }) }) : files);
    return result('done');
  } catch (err) {
    if (isCancelled(err) || opts.signal?.aborted) {
      progress('cancelled', msg('ssh.progress.cancelled'));
      return result('cancelled', 'Cancelled');
    }
    const message = errorMessage(err);
    const said = errorText(err) ?? message;
    store.addError(source, said);
    progress('failed', said);
    return result('failed', message);
  } finally {
    conn?.close();
  }
}
