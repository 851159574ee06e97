import { createHash } from 'node:crypto';
import type { Finding } from '../../../shared/findings';
import type { PreflightCheck } from '../../../shared/fixes';
import { evidencePaths } from '../../../shared/evidence-layout';
import { helperImageFor, runnerRevisionOf } from '../diagnosis/analyzers/helper-image-permission-container';
import type { Facts } from '../diagnosis/facts';
import { safeEvidencePath } from '../evidence/store';
import { configTomlCommand, probeCommand, type RemoteCommand } from '../ssh/commands';
import type { SshConnection } from '../ssh/connect';
import { runScript, type ExecResult } from '../ssh/exec';
import { EXIT_CHANGED, EXIT_NO_SYSTEMD, fixPreflightCommand, fixRestartCommand, fixRestoreCommand, fixWriteCommand } from '../ssh/fix-commands';
import { parseProbe, runnerService } from '../ssh/host-facts';
import { planDiff } from './text-diff';
import { dockerRunnersOf, editDockerKey } from './toml-edit';
import { ConflictError, FixInputError, type FixContext, type FixDefinition, type FixPlan, type TargetFilter } from './fix-definition';

type Via = 'direct' | 'sudo' | 'root';

interface HostData {
  alias: string;
  path: string;
  image: string;
  /** sha256 of the file the plan was made from: the write's precondition. */
  sha256: string;
  /** Runners edited, with their old helper_image (undefined: the key was absent). */
  edits: { index: number; old: string | undefined }[];
  backup: string;
  /** Decided by preflight: how the file is written. */
  via?: Via;
  systemd?: boolean;
  /** sha256 after the write: the rollback's precondition. */
  appliedSha?: string;
}

const T = 30;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const firstLine = (b: Buffer) => b.toString('utf8').trim().split('\n')[0]?.slice(0, 300) ?? '';

async function run(conn: SshConnection, cmd: RemoteCommand, ctx: FixContext): Promise<ExecResult> {
  return runScript(conn, cmd.script, { label: cmd.label, timeoutMs: (T + 10) * 1000, maxBytes: 4 * 1024 * 1024, signal: ctx.signal });
}

/** config.toml's path: the service's --config, else where packages install it. */
async function configPath(conn: SshConnection, ctx: FixContext): Promise<string> {
  const probe = await run(conn, probeCommand(T), ctx);
  return runnerService(parseProbe(probe.stdout.toString('utf8'))).configPath ?? '/etc/gitlab-runner/config.toml';
}

async function readConfig(conn: SshConnection, path: string, ctx: FixContext): Promise<Buffer> {
  const r = await run(conn, configTomlCommand(path, T), ctx);
  if (r.code !== 0) throw new Error(`could not read ${path}: ${firstLine(r.stderr) || `exit ${r.code}`}`);
  return r.stdout;
}

/** Runners that use the docker executor (docker, docker+machine, docker-autoscaler) and do not pin `image` yet. */
function helperEdits(text: string, image: string): { index: number; old: string | undefined }[] {
  return dockerRunnersOf(text)
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => (r.executor ?? '').startsWith('docker') && r.helperImage !== image)
    .map(({ r, index }) => ({ index, old: r.helperImage }));
}

function edited(text: string, edits: HostData['edits'], image: string | ((old: string | undefined) => string | undefined)): string {
  return edits.reduce((t, e) => editDockerKey(t, e.index, 'helper_image', typeof image === 'string' ? image : image(e.old)), text);
}

async function planHost(ctx: FixContext, findingId: string, alias: string, revision: string): Promise<FixPlan<HostData> | undefined> {
  const conn = await ctx.connections.ssh(alias, ctx.signal);
  const path = await configPath(conn, ctx);
  const bytes = await readConfig(conn, path, ctx);
  const text = bytes.toString('utf8');
  const image = helperImageFor(revision);
  const edits = helperEdits(text, image);
  if (edits.length === 0) return undefined;
  const names = dockerRunnersOf(text);
  const backup = `${path}.runner-doctor-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}.bak`;
  return {
    planId: `pin-helper-image:${alias}:${path}`,
    fixId: 'pin-helper-image',
    findingId,
    title: `Pin helper_image in ${path} on ${alias}`,
    target: { label: `${path} on ${alias}`, host: alias, path },
    changes: edits.map((e) => `runner ${names[e.index]?.name ?? e.index + 1}: [runners.docker] helper_image ${e.old ? `"${e.old}"` : '(not set)'} → "${image}"`),
    calls: [
      `over SSH: sudo -n true, check ${path} exists and is writable (directly or through sudo -n)`,
      `copy ${path} to ${backup} (mode and owner kept)`,
      `write the new bytes to a temporary file next to ${path} with its mode and owner, and rename it over ${path}, only if its sha256 is still ${sha256(bytes).slice(0, 16)}…`,
      'systemctl restart gitlab-runner where systemd runs the runner',
    ],
    diff: planDiff(`${alias}${path}`, text, edited(text, edits, image)),
    notes: [
      `Revision ${revision} is this runner's (gitlab-runner --version / the job log); the registry's image for it is the workaround for 16.6.x on rootless podman (seed 003).`,
      'Only the helper_image lines change; comments, order and formatting stay byte for byte.',
      'gitlab-runner reloads config.toml when the file changes; the next job logs "Using helper image: … (overridden, …)".',
    ],
    rollback: { possible: true, how: `runner-doctor puts ${backup} back byte for byte (only if ${path} is still what the fix wrote).` },
    data: { alias, path, image, sha256: sha256(bytes), edits, backup },
  };
}

function preflightFacts(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** pin-helper-image: jobs fail in the cache volume's permission container on 16.6.x with rootless podman (seed 003). */
export const pinHelperImage: FixDefinition<HostData> = {
  id: 'pin-helper-image',

  async plan({ findings, facts, target }: { findings: readonly Finding[]; facts: Facts; target: TargetFilter }, ctx) {
    const plans: FixPlan<HostData>[] = [];
    const unread: string[] = [];
    for (const alias of ctx.connections.sshAliases) {
      if (target !== undefined && target !== alias) continue;
      const file = safeEvidencePath(evidencePaths.sshFile(alias, 'config.toml'));
      if (!facts.configs.some((c) => c.source.file === file)) {
        unread.push(alias);
        continue;
      }
      const hostDir = file.slice(0, -'config.toml'.length);
      const revision = runnerRevisionOf(facts, (f) => f.startsWith(hostDir)) ?? runnerRevisionOf(facts);
      if (!revision) throw new FixInputError(`the runner's revision on ${alias} is unknown: gitlab-runner --version was not collected and no job log names the helper image`);
      const plan = await planHost(ctx, findings[0]!.id, alias, revision);
      if (plan) plans.push(plan);
    }
    if (plans.length === 0 && unread.length) {
      throw new FixInputError(`config.toml could not be read on ${unread.join(', ')} (see the collection's notes): connect as a user who can read it, or allow sudo -n cat for it`);
    }
    return plans;
  },

  replan: (p, ctx) => planHost(ctx, p.findingId, p.data.alias, /x86_64-([0-9a-f]+)$/.exec(p.data.image)![1]!),

  async preflight(plan, ctx) {
    const d = plan.data;
    const conn = await ctx.connections.ssh(d.alias, ctx.signal);
    const r = await run(conn, fixPreflightCommand(d.path, T), ctx);
    const f = preflightFacts(r.stdout.toString('utf8'));
    const root = f.sudo === 'root';
    const writable = f.writable;
    d.via = root ? 'root' : writable === 'direct' ? 'direct' : 'sudo';
    d.systemd = f.systemd === 'yes';
    const needSudo = !root && (writable !== 'direct' || d.systemd);
    const checks: PreflightCheck[] = [];
    if (needSudo) {
      checks.push(
        f.sudo === 'ok'
          ? { name: 'sudo -n true', ok: true, detail: 'passwordless sudo works for this user' }
          : {
              name: 'sudo -n true',
              ok: false,
              detail: `${f.sudo === 'missing' ? 'sudo is not installed' : `sudo -n true failed: ${f.sudo?.replace(/^no:/, '') || 'no answer'}`}; Runner Doctor never types passwords: allow this user passwordless sudo (NOPASSWD), or connect as root`,
            },
      );
    }
    checks.push({ name: `${d.path} exists`, ok: f.exists === 'yes', detail: f.exists === 'yes' ? 'yes' : `${d.path} is not on ${d.alias}` });
    checks.push({
      name: `${d.path} writable`,
      ok: writable === 'direct' || writable === 'sudo' || (root && f.exists === 'yes'),
      detail: writable === 'direct' ? 'writable by this user' : writable === 'sudo' ? 'writable through sudo -n' : root ? 'connected as root' : 'neither this user nor sudo -n can write it (and its directory, for the atomic rename)',
    });
    checks.push({ name: 'precondition', ok: true, detail: `written only if its sha256 is still ${d.sha256.slice(0, 16)}… (else planned again)` });
    checks.push({ name: 'restart', ok: true, detail: d.systemd ? 'systemctl restart gitlab-runner' : 'systemd does not run here: gitlab-runner reloads config.toml itself; restart it by hand if you run it otherwise (e.g. sudo gitlab-runner restart)' });
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const d = plan.data;
    const conn = await ctx.connections.ssh(d.alias, ctx.signal);
    const before = await readConfig(conn, d.path, ctx);
    if (sha256(before) !== d.sha256) throw new ConflictError(`${d.path} on ${d.alias} changed since the plan was made`);
    const after = Buffer.from(edited(before.toString('utf8'), d.edits, d.image));
    const w = await run(conn, fixWriteCommand(d.path, d.backup, d.sha256, after, d.via ?? 'sudo', T), ctx);
    if (w.code === EXIT_CHANGED) throw new ConflictError(`${d.path} on ${d.alias} changed since the plan was made`);
    if (w.code !== 0) throw new Error(`writing ${d.path} failed: ${firstLine(w.stderr) || `exit ${w.code}`}`);
    d.appliedSha = sha256(after);
    ctx.changed(`${d.alias}:${d.path}: helper_image = "${d.image}" (backup: ${d.backup})`);
    if (d.systemd) {
      const s = await run(conn, fixRestartCommand(d.via ?? 'sudo', T), ctx);
      if (s.code !== 0 && s.code !== EXIT_NO_SYSTEMD) throw new Error(`systemctl restart gitlab-runner failed: ${firstLine(s.stderr) || `exit ${s.code}`}`);
      if (s.code === 0) ctx.changed(`${d.alias}: gitlab-runner restarted`);
    }
  },

  async verify(plan, ctx) {
    const d = plan.data;
    const conn = await ctx.connections.ssh(d.alias, ctx.signal);
    const now = await readConfig(conn, d.path, ctx);
    const runners = dockerRunnersOf(now.toString('utf8'));
    const wrong = d.edits.filter((e) => runners[e.index]?.helperImage !== d.image);
    if (wrong.length) return { ok: false, detail: `${wrong.length} runner(s) in ${d.path} do not have helper_image = "${d.image}"` };
    return {
      ok: true,
      detail: `${d.path} on ${d.alias} sets helper_image = "${d.image}"${sha256(now) === d.appliedSha ? ' (the bytes written)' : ''}; the next job's log shows it as "Using helper image"`,
    };
  },

  async rollback(plan, ctx) {
    const d = plan.data;
    if (!d.appliedSha) throw new Error('the fix did not record what it wrote; restore the backup by hand');
    const conn = await ctx.connections.ssh(d.alias, ctx.signal);
    const r = await run(conn, fixRestoreCommand(d.path, d.backup, d.appliedSha, d.via ?? 'sudo', T), ctx);
    if (r.code === EXIT_CHANGED) throw new ConflictError(`${d.path} on ${d.alias} changed after the fix`);
    if (r.code !== 0) throw new Error(`restoring ${d.backup} failed: ${firstLine(r.stderr) || `exit ${r.code}`}`);
    ctx.changed(`${d.alias}:${d.path}: restored from ${d.backup}`);
    if (d.systemd) await run(conn, fixRestartCommand(d.via ?? 'sudo', T), ctx);
  },
};
