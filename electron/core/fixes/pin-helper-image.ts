import type { Finding } from '../../../shared/findings';
import { evidencePaths } from '../../../shared/evidence-layout';
import { helperImageFor, runnerRevisionOf } from '../diagnosis/analyzers/helper-image-permission-container';
import type { Facts } from '../diagnosis/facts';
import { safeEvidencePath } from '../evidence/store';
import { configCollected, readConfig, readHostConfig, readUnchanged, sha256, sshPreflight, sshRestore, sshWrite, sshWriteCalls, type SshFileData } from './ssh-config-file';
import { planDiff } from './text-diff';
import { dockerRunnersOf, editDockerKey } from './toml-edit';
import { FixInputError, type FixContext, type FixDefinition, type FixPlan, type TargetFilter } from './fix-definition';
import { english, msg, verified } from './fix-text';
import { list } from '../../../shared/messages';

interface HostData extends SshFileData {
  image: string;
  /** Runners edited, with their old helper_image (undefined: the key was absent). */
  edits: { index: number; old: string | undefined }[];
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
  const { data: file, text } = await readHostConfig(ctx, alias);
  const { path, backup } = file;
  const image = helperImageFor(revision);
  const edits = helperEdits(text, image);
  if (edits.length === 0) return undefined;
  const names = dockerRunnersOf(text);
  const changes = edits.map((e) => msg('helper.change', { runner: names[e.index]?.name ?? e.index + 1, from: e.old ? `"${e.old}"` : msg('helper.notSet'), image }));
  const notes = [msg('helper.note.revision', { revision }), msg('helper.note.onlyLines'), msg('helper.note.reload')];
  return {
    planId: `pin-helper-image:${alias}:${path}`,
    fixId: 'pin-helper-image',
    findingId,
    title: english(msg('plan.pinHelperImage.title', { path, host: alias })),
    target: { label: english(msg('where.file', { path, host: alias })), host: alias, path },
    changes: changes.map(english),
    calls: sshWriteCalls(file),
    diff: planDiff(`${alias}${path}`, text, edited(text, edits, image)),
    notes: notes.map(english),
    rollback: { possible: true, how: english(msg('plan.restoreBackup', { backup, path })) },
    messages: { title: msg('plan.pinHelperImage.title', { path, host: alias }), changes, notes, rollbackHow: msg('plan.restoreBackup', { backup, path }), target: msg('where.file', { path, host: alias }) },
    data: { ...file, image, edits },
  };
}

/** pin-helper-image: jobs fail in the cache volume's permission container on 16.6.x with rootless podman (seed 003). */
export const pinHelperImage: FixDefinition<HostData> = {
  id: 'pin-helper-image',

  async plan({ findings, facts, target }: { findings: readonly Finding[]; facts: Facts; target: TargetFilter }, ctx) {
    const plans: FixPlan<HostData>[] = [];
    const unread: string[] = [];
    for (const alias of ctx.connections.sshAliases) {
      if (target !== undefined && target !== alias) continue;
      if (!configCollected(facts, alias)) {
        unread.push(alias);
        continue;
      }
      const hostDir = safeEvidencePath(evidencePaths.sshFile(alias, 'config.toml')).slice(0, -'config.toml'.length);
      const revision = runnerRevisionOf(facts, (f) => f.startsWith(hostDir)) ?? runnerRevisionOf(facts);
      if (!revision) throw new FixInputError(msg('fix.input.revisionUnknown', { alias }));
      const plan = await planHost(ctx, findings[0]!.id, alias, revision);
      if (plan) plans.push(plan);
    }
    if (plans.length === 0 && unread.length) {
      throw new FixInputError(msg('fix.input.configUnread', { hosts: list(unread, 'comma') }));
    }
    return plans;
  },

  replan: (p, ctx) => planHost(ctx, p.findingId, p.data.alias, /x86_64-([0-9a-f]+)$/.exec(p.data.image)![1]!),

  async preflight(plan, ctx) {
    const checks = await sshPreflight(plan.data, ctx);
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const d = plan.data;
    const before = await readUnchanged(d, ctx);
    await sshWrite(d, Buffer.from(edited(before.toString('utf8'), d.edits, d.image)), `helper_image = "${d.image}"`, ctx);
  },

  async verify(plan, ctx) {
    const d = plan.data;
    const now = await readConfig(await ctx.connections.ssh(d.alias, ctx.signal), d.path, ctx);
    const runners = dockerRunnersOf(now.toString('utf8'));
    const wrong = d.edits.filter((e) => runners[e.index]?.helperImage !== d.image);
    if (wrong.length) return verified(false, msg('helper.verify.missing', { count: wrong.length, path: d.path, image: d.image }));
    return verified(true, msg('helper.verify.ok', { path: d.path, host: d.alias, image: d.image, written: sha256(now) === d.appliedSha ? msg('ssh.bytesWritten') : '' }));
  },

  rollback: (plan, ctx) => sshRestore(plan.data, ctx),
};
