import type { Finding } from '../../../shared/findings';
import { evidencePaths } from '../../../shared/evidence-layout';
import { sourceIds } from '../../../shared/source-ids';
import { placeOf } from '../diagnosis/derive/places';
import type { Facts } from '../diagnosis/facts';
import { safeEvidencePath } from '../evidence/store';
import { configCollected, readConfig, readHostConfig, readUnchanged, sha256, sshPreflight, sshRestore, sshWrite, sshWriteCalls, type SshFileData } from './ssh-config-file';
import { planDiff } from './text-diff';
import { editRunnerKeys, type RunnerKeyEdit } from './toml-edit';
import { concurrencyChange, concurrencyEdits, concurrencyMissing } from './request-concurrency-edits';
import type { FixContext, FixPlan, TargetFilter, VerifyResult } from './fix-definition';
import { english, msg, verified } from './fix-text';
import type { MessageList } from '../../../shared/messages';

/**
 * raise-request-concurrency on a runner host reached with --ssh: config.toml edited in place
 * through the SSH write path (backup, sha256 precondition, atomic rename, mode and owner kept).
 * No restart: gitlab-runner reads request_concurrency from the config it reloads by itself.
 */

export interface HostConcurrencyData extends SshFileData {
  kind: 'ssh';
  /** The rollback puts the backup back, so no inverse edits are kept (unlike a ConfigMap's). */
  edits: RunnerKeyEdit[];
}

/** The finding points at this host: its evidence (the runner's warning, the config lines) was collected there. */
function findingOnHost(findings: readonly Finding[], alias: string): boolean {
  const host = sourceIds.ssh(alias);
  const config = safeEvidencePath(evidencePaths.sshFile(alias, 'config.toml'));
  return findings.some((f) => f.evidence.some((e) => e.file === config || placeOf(e.file) === host));
}

export async function planHostConcurrency(ctx: FixContext, findingId: string, alias: string): Promise<FixPlan<HostConcurrencyData> | undefined> {
  const { data: file, text } = await readHostConfig(ctx, alias);
  const { edits, skipped } = concurrencyEdits(text);
  if (edits.length === 0) return undefined;
  const { path, backup } = file;
  const data: HostConcurrencyData = { ...file, selfReload: true, kind: 'ssh', edits };
  const changes = edits.map((e) => concurrencyChange(text, e));
  const notes = [msg('concurrency.note.onlyLines'), msg('concurrency.note.hostReload', { reload: msg('ssh.reloadNote') }), ...skipped];
  return {
    planId: `raise-request-concurrency:${alias}:${path}`,
    fixId: 'raise-request-concurrency',
    findingId,
    title: english(msg('plan.raiseRequestConcurrency.sshTitle', { path, host: alias })),
    target: { label: english(msg('where.file', { path, host: alias })), host: alias, path },
    changes: changes.map(english),
    calls: sshWriteCalls(data),
    diff: planDiff(`${alias}${path}`, text, editRunnerKeys(text, edits)),
    notes: notes.map(english),
    rollback: { possible: true, how: english(msg('plan.restoreBackup', { backup, path })) },
    messages: { title: msg('plan.raiseRequestConcurrency.sshTitle', { path, host: alias }), changes, notes, rollbackHow: msg('plan.restoreBackup', { backup, path }), target: msg('where.file', { path, host: alias }) },
    data,
  };
}

/** One plan per --ssh host whose config.toml was collected and that the finding points at. */
export async function planHosts(ctx: FixContext, findings: readonly Finding[], facts: Facts, target: TargetFilter): Promise<FixPlan<HostConcurrencyData>[]> {
  const plans: FixPlan<HostConcurrencyData>[] = [];
  for (const alias of ctx.connections.sshAliases) {
    if (target !== undefined && target !== alias) continue;
    if (!configCollected(facts, alias) || !findingOnHost(findings, alias)) continue;
    const plan = await planHostConcurrency(ctx, findings[0]!.id, alias);
    if (plan) plans.push(plan);
  }
  return plans;
}

export async function applyHost(d: HostConcurrencyData, ctx: FixContext, changes: MessageList): Promise<void> {
  const before = await readUnchanged(d, ctx);
  await sshWrite(d, Buffer.from(editRunnerKeys(before.toString('utf8'), d.edits)), changes, ctx);
}

export async function verifyHost(d: HostConcurrencyData, ctx: FixContext): Promise<VerifyResult> {
  const now = await readConfig(await ctx.connections.ssh(d.alias, ctx.signal), d.path, ctx);
  const wrong = concurrencyMissing(now.toString('utf8'), d.edits);
  if (wrong.length) return verified(false, msg('concurrency.verify.hostMissing', { count: wrong.length, path: d.path, host: d.alias }));
  const written = sha256(now) === d.appliedSha ? msg('ssh.bytesWritten') : '';
  return verified(true, msg('concurrency.verify.host', { path: d.path, host: d.alias, values: d.edits.map((e) => String(e.value)).join(', '), written }));
}

export const preflightHost = (d: HostConcurrencyData, ctx: FixContext) => sshPreflight(d, ctx);
export const rollbackHost = (d: HostConcurrencyData, ctx: FixContext) => sshRestore(d, ctx);
