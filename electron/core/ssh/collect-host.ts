import type { EvidenceKind } from '../../../shared/evidence';
import type { EvidenceStore } from '../evidence/store';
import { isCancelled } from '../util/abort';
import * as C from './commands';
import type { SshConnection } from './connect';
import { SshError } from './errors';
import { runScript, type ExecResult } from './exec';
import { configCandidates, configFacts, parsePasswd, parseProbe, runnerService, type HostFacts } from './host-facts';
import { evidencePaths } from '../../../shared/evidence-layout';
import { formatError } from '../../../shared/i18n/text';
import { errorText, msg, type Message } from '../../../shared/messages';

/** Collects the fixed evidence set from one connected host; every problem becomes a note, not a stop. */

export interface HostCollectOptions {
  commandTimeoutMs: number;
  journalHours: number;
  gitlabUrl?: string;
  signal?: AbortSignal;
  onStep?: (label: string | Message, index: number) => void;
}

const MAX_BYTES = 8 * 1024 * 1024;
const JOURNAL_BYTES = 32 * 1024 * 1024;
const JOURNAL_LINES = 50_000;
/** Lines carrying the remote side's reason, kept short for messages. */
const firstLines = (b: Buffer) => b.toString('utf8').trim().split('\n').slice(0, 3).join(' / ').slice(0, 400);

export class HostCollector {
  private steps = 0;
  readonly notes: string[] = [];
  /** Each note as a message id, where it has one (else its English), in the same order. */
  readonly noteTexts: (string | Message)[] = [];
  /** Notes that are gaps in the evidence (not mere remarks). */
  gaps = 0;
  files = 0;

  constructor(
    private readonly conn: SshConnection,
    private readonly store: EvidenceStore,
    private readonly source: string,
    private readonly alias: string,
    private readonly opts: HostCollectOptions,
  ) {}

  private get t(): number {
    return this.opts.commandTimeoutMs / 1000;
  }

  private note(message: string | Message): void {
    this.keep(message);
    this.gaps++;
    this.store.addError(this.source, message);
  }

  /** Something absent that is not a gap in the evidence (docker on a podman host): a note, not an error. */
  private remark(message: string | Message): void {
    this.keep(message);
    this.store.addNote(this.source, message);
  }

  private keep(message: string | Message): void {
    this.notes.push(typeof message === 'string' ? message : formatError(message));
    this.noteTexts.push(message);
  }

  /** Runs a command; a timeout or exec failure becomes a note. Lost connections and cancel propagate. */
  private async run(cmd: C.RemoteCommand, maxBytes = MAX_BYTES): Promise<ExecResult | undefined> {
    const label = C.labelOf(cmd);
    this.opts.onStep?.(label, ++this.steps);
    try {
      const r = await runScript(this.conn, cmd.script, {
        label,
        timeoutMs: this.opts.commandTimeoutMs + 10_000,
        maxBytes,
        ...(this.opts.signal ? { signal: this.opts.signal } : {}),
      });
      if (r.code === 124) {
        this.note(msg('ssh.note.timedOutOnHost', { label, seconds: Math.round(this.t) }));
        return undefined;
      }
      return r;
    } catch (err) {
      if (isCancelled(err) || (err instanceof SshError && err.code === 'dropped')) throw err;
      this.note(errorText(err) ?? (err instanceof Error ? err.message : String(err)));
      return undefined;
    }
  }

  private async save(name: string, kind: EvidenceKind, content: Buffer | string, maxBytes = MAX_BYTES): Promise<void> {
    await this.store.add({
      path: evidencePaths.sshFile(this.alias, name),
      source: this.source,
      content,
      kind,
      maxBytes: maxBytes + 1024,
      ...(this.opts.signal ? { signal: this.opts.signal } : {}),
    });
    this.files++;
  }

  /** Saves stdout when the command worked (or exited with one of `okCodes`), else notes why not. */
  private async simple(
    cmd: C.RemoteCommand,
    name: string,
    kind: EvidenceKind,
    okCodes: number[] | 'any' = [0],
  ): Promise<string | undefined> {
    const r = await this.run(cmd);
    if (!r) return undefined;
    const label = C.labelOf(cmd);
    if (r.code === 127) {
      this.note(msg('ssh.note.notFound', { label }));
      return undefined;
    }
    if (r.code === null || (okCodes !== 'any' && !okCodes.includes(r.code)) || r.stdout.length === 0) {
      const why = firstLines(r.stderr) || firstLines(r.stdout) || msg('ssh.note.noOutput');
      if (r.code !== null) this.note(msg('ssh.note.failedExit', { label, code: r.code, why }));
      else if (r.signal) this.note(msg('ssh.note.failedSignal', { label, signal: r.signal, why }));
      else this.note(msg('ssh.note.failed', { label, why }));
      return undefined;
    }
    await this.save(name, kind, r.stdout);
    return r.stdout.toString('utf8');
  }

  async collect(): Promise<void> {
    const t = this.t;
    const probe = await this.run(C.probeCommand(t));
    const facts: HostFacts = probe ? parseProbe(probe.stdout.toString('utf8')) : parseProbe('');
    const has = (tool: string) => facts.tools.has(tool) || !probe;
    const service = runnerService(facts);

    if (has('gitlab-runner')) await this.simple(C.runnerVersionCommand(t), 'runner-version.txt', 'runner-version');
    else this.note(msg('ssh.note.runnerNotOnPath'));
    // 3 = inactive, 4 = no such unit: the text still says what systemd knows.
    if (has('systemctl')) await this.simple(C.systemctlStatusCommand(t), 'systemctl-status.txt', 'systemctl-status', [0, 3]);
    await this.journal(has('journalctl'), has('sudo'), facts.user || msg('ssh.note.thisUser'));

    const homes = await this.lookupUsers([service.processUser, service.jobUser].filter((u): u is string => !!u));
    const config = await this.configToml(configCandidates(service, homes, facts.home));
    const cfg = configFacts(config ?? '');

    if (has('podman')) {
      await this.simple(C.podmanCommand('info', undefined, t), 'podman-info.json', 'podman-info');
      await this.simple(C.podmanCommand('images', undefined, t), 'podman-images.json', 'podman-images');
      for (const user of await this.runnerUsers(facts, service, cfg)) {
        await this.simple(C.podmanCommand('info', user, t), `podman-info.as-${user}.json`, 'podman-info');
        await this.simple(C.podmanCommand('images', user, t), `podman-images.as-${user}.json`, 'podman-images');
      }
    }
    if (has('docker')) {
      await this.simple(C.dockerCommand('info', t), 'docker-info.json', 'docker-info');
      await this.simple(C.dockerCommand('images', t), 'docker-images.txt', 'docker-images');
    }
    // One container engine is enough: the other's absence is only a gap when neither is there.
    const engines = has('podman') || has('docker') ? this.remark.bind(this) : this.note.bind(this);
    if (!has('podman')) engines(msg('ssh.note.podmanMissing'));
    if (!has('docker')) engines(msg('ssh.note.dockerMissing'));
    await this.simple(C.simpleCommand('df', 'df -h', t), 'df.txt', 'df');
    await this.simple(C.simpleCommand('free', 'free -m', t), 'free.txt', 'free');
    await this.simple(C.simpleCommand('uname', 'uname -a', t), 'uname.txt', 'uname');

    const urls = this.opts.gitlabUrl ? [this.opts.gitlabUrl] : cfg.urls.slice(0, 3);
    if (urls.length === 0) this.note(msg('ssh.note.noGitlabUrl'));
    for (const url of urls) await this.network(url, has('getent'), has('curl'));
  }

  private async journal(hasJournal: boolean, hasSudo: boolean, user: string | Message): Promise<void> {
    const t = this.t;
    if (hasJournal) {
      let r = await this.run(C.journalCommand(this.opts.journalHours, JOURNAL_LINES, false, t), JOURNAL_BYTES);
      // Users outside adm/systemd-journal see no system units; sudo -n may be allowed to.
      if (r && /not seeing messages from other users/.test(r.stderr.toString()) && hasSudo) {
        const s = await this.run(C.journalCommand(this.opts.journalHours, JOURNAL_LINES, true, t), JOURNAL_BYTES);
        if (s?.code === 0) r = s;
        else if (s) this.note(msg('ssh.note.journalNoSudo', { user, reason: firstLines(s.stderr) }));
      }
      if (r?.code === 0 && /^(?!--)\S/m.test(r.stdout.toString('utf8'))) {
        await this.save('journal.log', 'journal', r.stdout, JOURNAL_BYTES);
        return;
      }
    }
    const s = await this.run(C.syslogCommand(JOURNAL_LINES, t), JOURNAL_BYTES);
    if (s?.code === 0 && s.stdout.length > 0) await this.save('syslog.log', 'journal', s.stdout, JOURNAL_BYTES);
    else this.note(msg('ssh.note.noRunnerLog'));
  }

  private async lookupUsers(names: string[]): Promise<Map<string, string>> {
    const homes = new Map<string, string>();
    for (const name of new Set(names)) {
      const r = await this.run(C.simpleCommand('lookup-user', `getent passwd ${C.shQuote(name)}`, this.t));
      const pw = r?.code === 0 ? parsePasswd(r.stdout.toString('utf8')) : undefined;
      if (pw) homes.set(pw.name, pw.home);
    }
    return homes;
  }

  private async configToml(candidates: string[]): Promise<string | undefined> {
    for (const path of candidates) {
      const r = await this.run(C.configTomlCommand(path, this.t));
      if (!r) return undefined;
      const err = r.stderr.toString('utf8');
      if (r.code === 0) {
        await this.save('config.toml', 'config-toml', r.stdout);
        return r.stdout.toString('utf8');
      }
      if (r.code === C.EXIT_NOT_FOUND || /No such file or directory/.test(err)) continue;
      if (/password is required|terminal is required|no tty present|askpass/i.test(err)) {
        this.note(msg('ssh.note.configNeedsPassword', { path }));
      } else if (/not in the sudoers|not allowed to execute|may not run sudo/i.test(err)) {
        this.note(msg('ssh.note.configNotSudoer', { path, reason: firstLines(r.stderr) }));
      } else {
        this.note(msg('ssh.note.configUnreadable', { path, code: String(r.code), reason: firstLines(r.stderr) || msg('ssh.note.noMessage') }));
      }
      return undefined;
    }
    this.note(msg('ssh.note.noConfigToml', { paths: candidates.join(', ') }));
    return undefined;
  }

  /** Users whose rootless podman store the runner uses, other than the login user. */
  private async runnerUsers(
    facts: HostFacts,
    service: ReturnType<typeof runnerService>,
    cfg: ReturnType<typeof configFacts>,
  ): Promise<string[]> {
    const users = new Set<string>();
    for (const uid of cfg.podmanUids) {
      if (uid === facts.uid) continue;
      const r = await this.run(C.lookupUidCommand(uid, this.t));
      const pw = r?.code === 0 ? parsePasswd(r.stdout.toString('utf8')) : undefined;
      if (pw) users.add(pw.name);
      else this.note(msg('ssh.note.podmanUidNoUser', { uid }));
    }
    if (cfg.rootPodman) users.add('root');
    if (service.jobUser) users.add(service.jobUser);
    if (service.processUser && service.processUser !== 'root') users.add(service.processUser);
    users.delete(facts.user);
    return [...users].filter((u) => /^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/.test(u));
  }

  private async network(url: string, hasGetent: boolean, hasCurl: boolean): Promise<void> {
    let host: string;
    try {
      host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      this.note(msg('ssh.note.badGitlabUrl', { url }));
      return;
    }
    const safe = host.replace(/[^\w.-]/g, '_');
    if (hasGetent) await this.simple(C.dnsCommand(host, this.t), `dns-${safe}.txt`, 'dns-lookup');
    else this.note(msg('ssh.note.noGetent'));
    // curl's exit code is the finding (6 = DNS, 7 = refused, 60 = certificate), so any output is evidence.
    if (hasCurl) await this.simple(C.curlCommand(url, Math.max(5, this.t - 5), this.t), `curl-${safe}.txt`, 'curl-verbose', 'any');
    else this.note(msg('ssh.note.noCurl'));
  }
}
