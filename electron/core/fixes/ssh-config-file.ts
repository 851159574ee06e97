import { createHash } from 'node:crypto';
import { evidencePaths } from '../../../shared/evidence-layout';
import type { PreflightCheck } from '../../../shared/fixes';
import type { Facts } from '../diagnosis/facts';
import { safeEvidencePath } from '../evidence/store';
import { configTomlCommand, probeCommand, type RemoteCommand } from '../ssh/commands';
import type { SshConnection } from '../ssh/connect';
import { runScript, type ExecResult } from '../ssh/exec';
import { EXIT_CHANGED, EXIT_NO_SYSTEMD, fixPreflightCommand, fixRestartCommand, fixRestoreCommand, fixWriteCommand } from '../ssh/fix-commands';
import { parseProbe, runnerService } from '../ssh/host-facts';
import { ConflictError, FixStepError, type FixContext } from './fix-definition';
import { check, english, msg, namedCheck } from './fix-text';
import type { MessageParam } from '../../../shared/messages';

/**
 * config.toml on a runner host, as every SSH fix writes it: read, preflight (`sudo -n true`,
 * writable), a backup next to it, an atomic replace keeping mode and owner only while its
 * sha256 is the planned one (else a conflict), the service restart, and the restore.
 */

export type Via = 'direct' | 'sudo' | 'root';

/** What a plan keeps about a host's config.toml (never its content: it holds the token). */
export interface SshFileData {
  alias: string;
  path: string;
  /** sha256 of the file the plan was made from: the write's precondition. */
  sha256: string;
  backup: string;
  /** Decided by preflight: how the file is written. */
  via?: Via;
  systemd?: boolean;
  /** sha256 after the write: the rollback's precondition. */
  appliedSha?: string;
  /**
   * The change takes effect at the runner's own reload of config.toml (it checks the file's
   * modification time every 3 s, commands/multi.go): no service restart, so no sudo for one.
   */
  selfReload?: boolean;
}

/** gitlab-runner re-reads config.toml when its modification time changes, checked every ReloadConfigInterval (3 s). */
export const RELOAD_NOTE = english(msg('ssh.reloadNote'));

const T = 30;
export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const firstLine = (b: Buffer) => b.toString('utf8').trim().split('\n')[0]?.slice(0, 300) ?? '';
/** Why a remote command failed: the first line it wrote on stderr, else its exit code. */
const whyFailed = (r: ExecResult): MessageParam => firstLine(r.stderr) || msg('fix.exit', { code: String(r.code) });

async function run(conn: SshConnection, cmd: RemoteCommand, ctx: FixContext): Promise<ExecResult> {
  return runScript(conn, cmd.script, { label: cmd.label, timeoutMs: (T + 10) * 1000, maxBytes: 4 * 1024 * 1024, signal: ctx.signal });
}

/** config.toml's path: the service's --config, else where packages install it. */
export async function configPath(conn: SshConnection, ctx: FixContext): Promise<string> {
  const probe = await run(conn, probeCommand(T), ctx);
  return runnerService(parseProbe(probe.stdout.toString('utf8'))).configPath ?? '/etc/gitlab-runner/config.toml';
}

export async function readConfig(conn: SshConnection, path: string, ctx: FixContext): Promise<Buffer> {
  const r = await run(conn, configTomlCommand(path, T), ctx);
  if (r.code !== 0) throw new FixStepError(msg('fix.ssh.readFailed', { path, reason: whyFailed(r) }));
  return r.stdout;
}

/** The host's config.toml, read for a plan: its alias, path, bytes and the backup name a write would use. */
export async function readHostConfig(ctx: FixContext, alias: string): Promise<{ data: SshFileData; bytes: Buffer; text: string }> {
  const conn = await ctx.connections.ssh(alias, ctx.signal);
  const path = await configPath(conn, ctx);
  const bytes = await readConfig(conn, path, ctx);
  const backup = `${path}.runner-doctor-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}.bak`;
  return { data: { alias, path, sha256: sha256(bytes), backup }, bytes, text: bytes.toString('utf8') };
}

/** The calls a plan lists for a write of this file. */
export function sshWriteCalls(d: SshFileData): string[] {
  return [
    `over SSH: sudo -n true, check ${d.path} exists and is writable (directly or through sudo -n)`,
    `copy ${d.path} to ${d.backup} (mode and owner kept)`,
    `write the new bytes to a temporary file next to ${d.path} with its mode and owner, and rename it over ${d.path}, only if its sha256 is still ${d.sha256.slice(0, 16)}…`,
    d.selfReload ? `no restart: ${RELOAD_NOTE}` : 'systemctl restart gitlab-runner where systemd runs the runner',
  ];
}

function preflightFacts(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** Reads only: `sudo -n true`, the file exists and is writable; decides how it is written (sets `via`, `systemd`). */
export async function sshPreflight(d: SshFileData, ctx: FixContext): Promise<PreflightCheck[]> {
  const conn = await ctx.connections.ssh(d.alias, ctx.signal);
  const r = await run(conn, fixPreflightCommand(d.path, T), ctx);
  const f = preflightFacts(r.stdout.toString('utf8'));
  const root = f.sudo === 'root';
  const writable = f.writable;
  d.via = root ? 'root' : writable === 'direct' ? 'direct' : 'sudo';
  d.systemd = f.systemd === 'yes';
  // systemctl needs root; a change the runner reloads by itself needs no restart.
  const needSudo = !root && (writable !== 'direct' || (d.systemd && !d.selfReload));
  const checks: PreflightCheck[] = [];
  if (needSudo) {
    const why = f.sudo === 'missing' ? msg('ssh.sudo.missing') : msg('ssh.sudo.failed', { error: f.sudo?.replace(/^no:/, '') || msg('ssh.sudo.noAnswer') });
    checks.push(f.sudo === 'ok' ? namedCheck('sudo -n true', true, msg('ssh.sudo.works')) : namedCheck('sudo -n true', false, msg('ssh.sudo.needed', { why })));
  }
  const path = d.path;
  checks.push(check(msg('ssh.check.exists', { path }), f.exists === 'yes', f.exists === 'yes' ? msg('ssh.exists.yes') : msg('ssh.exists.no', { path, host: d.alias })));
  checks.push(
    check(
      msg('ssh.check.writable', { path }),
      writable === 'direct' || writable === 'sudo' || (root && f.exists === 'yes'),
      msg(writable === 'direct' ? 'ssh.writable.direct' : writable === 'sudo' ? 'ssh.writable.sudo' : root ? 'ssh.writable.root' : 'ssh.writable.no'),
    ),
  );
  checks.push(check(msg('ssh.check.precondition'), true, msg('ssh.precondition', { sha: d.sha256.slice(0, 16) })));
  checks.push(
    check(
      msg('ssh.check.restart'),
      true,
      d.selfReload ? msg('ssh.restart.none', { reload: msg('ssh.reloadNote') }) : d.systemd ? msg('ssh.restart.systemd') : msg('ssh.restart.noSystemd'),
    ),
  );
  return checks;
}

/** The file as it is now, or a conflict when it is no longer the one the plan was made from. */
export async function readUnchanged(d: SshFileData, ctx: FixContext): Promise<Buffer> {
  const conn = await ctx.connections.ssh(d.alias, ctx.signal);
  const before = await readConfig(conn, d.path, ctx);
  if (sha256(before) !== d.sha256) throw new ConflictError(msg('fix.conflict.hostFile', { path: d.path, host: d.alias }));
  return before;
}

/**
 * Backup, atomic replace with `after` (only while the sha256 is the planned one), then the
 * service restart where systemd runs it. `what` says in words what changed, for the outcome.
 */
export async function sshWrite(d: SshFileData, after: Buffer, what: MessageParam, ctx: FixContext): Promise<void> {
  const conn = await ctx.connections.ssh(d.alias, ctx.signal);
  const w = await run(conn, fixWriteCommand(d.path, d.backup, d.sha256, after, d.via ?? 'sudo', T), ctx);
  if (w.code === EXIT_CHANGED) throw new ConflictError(msg('fix.conflict.hostFile', { path: d.path, host: d.alias }));
  if (w.code !== 0) throw new FixStepError(msg('fix.ssh.writeFailed', { path: d.path, reason: whyFailed(w) }));
  d.appliedSha = sha256(after);
  ctx.changed(msg('changed.hostWrite', { host: d.alias, path: d.path, what, backup: d.backup }));
  await sshRestart(d, ctx);
}

/** systemctl restart gitlab-runner where systemd runs it; elsewhere (or for a change it reloads) the runner reloads config.toml by itself. */
export async function sshRestart(d: SshFileData, ctx: FixContext): Promise<void> {
  if (!d.systemd || d.selfReload) return;
  const conn = await ctx.connections.ssh(d.alias, ctx.signal);
  const s = await run(conn, fixRestartCommand(d.via ?? 'sudo', T), ctx);
  if (s.code !== 0 && s.code !== EXIT_NO_SYSTEMD) throw new FixStepError(msg('fix.ssh.restartFailed', { reason: whyFailed(s) }));
  if (s.code === 0) ctx.changed(msg('changed.hostRestarted', { host: d.alias }));
}

/** Puts the backup back byte for byte, only while the file is what the fix wrote, then restarts. */
export async function sshRestore(d: SshFileData, ctx: FixContext): Promise<void> {
  if (!d.appliedSha) throw new FixStepError(msg('fix.ssh.nothingRecorded'));
  const conn = await ctx.connections.ssh(d.alias, ctx.signal);
  const r = await run(conn, fixRestoreCommand(d.path, d.backup, d.appliedSha, d.via ?? 'sudo', T), ctx);
  if (r.code === EXIT_CHANGED) throw new ConflictError(msg('fix.conflict.hostFileAfterFix', { path: d.path, host: d.alias }));
  if (r.code !== 0) throw new FixStepError(msg('fix.ssh.restoreFailed', { backup: d.backup, reason: whyFailed(r) }));
  ctx.changed(msg('changed.hostRestored', { host: d.alias, path: d.path, backup: d.backup }));
  if (d.systemd && !d.selfReload) await run(conn, fixRestartCommand(d.via ?? 'sudo', T), ctx);
}

/** Whether collection read this --ssh host's config.toml (a fix plans only from what it saw). */
export function configCollected(facts: Facts, alias: string): boolean {
  const file = safeEvidencePath(evidencePaths.sshFile(alias, 'config.toml'));
  return facts.configs.some((c) => c.source.file === file);
}
