import { evidencePaths } from '../../../shared/evidence-layout';
import type { Finding } from '../../../shared/findings';
import type { FixTarget, PreflightCheck } from '../../../shared/fixes';
import { placeTargetOf } from '../diagnosis/derive/places';
import type { Facts } from '../diagnosis/facts';
import { safeEvidencePath } from '../evidence/store';
import { planDiff } from './text-diff';
import { withToken } from './token-config-edit';
import { configMapCurrent, configMapPlanLines, configMapPreflight, configMapSinks, rereadConfigMapSink, verifyConfigMapSink, writeConfigMapSink } from './token-sink-configmap';
import { rereadSecretSink, secretCurrent, secretPlanLines, secretPreflight, secretSinks, verifySecretSink, writeSecretSink } from './token-sink-secret';
import { hostCurrent, hostPlanLines, hostPreflight, hostSinks, rereadHostSink, verifyHostSink, writeHostSink } from './token-sink-ssh';
import { contactedSince } from './runner-token-gitlab';
import type { TokenStore } from './token-file';
import { ConflictError, FixStepError, type FixContext, type VerifyResult } from './fix-definition';
import { storeText } from './token-store-text';
import type { FoundSink, TokenMeta, TokenSink } from './token-sink-types';
import type { Message } from '../../../shared/messages';
import { english, errorSaid, msg, verified } from './fix-text';

/**
 * Where a runner reads its token, whatever it is: one interface over the Helm chart's Secret,
 * a ConfigMap's config.toml and config.toml on an SSH host, for the fixes that write a token.
 */

/** Every place the user's sources show a runner reading a token from. */
export async function findTokenSinks(ctx: FixContext, facts: Facts): Promise<FoundSink[]> {
  return [...(await secretSinks(ctx, facts)), ...(await configMapSinks(ctx, facts)), ...(await hostSinks(ctx, facts))];
}

/** The same sink read again (after a conflict, or to resume). */
export function rereadSink(ctx: FixContext, sink: TokenSink): Promise<FoundSink | undefined> {
  return sink.kind === 'secret' ? rereadSecretSink(ctx, sink) : sink.kind === 'configmap' ? rereadConfigMapSink(ctx, sink) : rereadHostSink(ctx, sink);
}

/** A sink is about one of the findings when they share its namespace or host (or a finding has no place). */
export function sinkOfFindings(found: FoundSink, findings: readonly Finding[]): boolean {
  const places = findings.flatMap((f) => f.evidence.map((e) => placeTargetOf(e.file)));
  if (places.length === 0 || places.some((p) => p === undefined)) return true;
  const host = found.place.host ? placeTargetOf(safeEvidencePath(evidencePaths.sshFile(found.place.host, 'config.toml'))) : undefined;
  return places.some(
    (p) => (p?.kind === 'kube' && p.namespace === found.place.namespace) || (p?.kind === 'ssh' && host?.kind === 'ssh' && p.alias === host.alias),
  );
}

/** Where the token is written, in words. */
export function sinkWhere(sink: TokenSink): Message {
  switch (sink.kind) {
    case 'secret':
      return msg('where.secretAndDeployment', { secret: sink.secret, deployment: sink.deployment, namespace: sink.namespace, context: sink.kube.context });
    case 'configmap':
      return msg('where.configMapKey', { name: sink.name, keys: sink.key, namespace: sink.namespace, context: sink.kube.context });
    case 'ssh':
      return msg('where.file', { path: sink.path, host: sink.alias });
  }
}

/** What a plan names as the target besides GitLab's side. */
export function sinkTarget(sink: TokenSink): FixTarget {
  const label = english(sinkWhere(sink));
  switch (sink.kind) {
    case 'secret':
      return { label, context: sink.kube.context, namespace: sink.namespace, object: `secret/${sink.secret}` };
    case 'configmap':
      return { label, context: sink.kube.context, namespace: sink.namespace, object: `configmap/${sink.name}` };
    case 'ssh':
      return { label, host: sink.alias, path: sink.path };
  }
}

/** A stable id for plans: where the token is written. */
export function sinkId(sink: TokenSink): string {
  switch (sink.kind) {
    case 'secret':
      return `${sink.kube.context}/${sink.namespace}/${sink.deployment}`;
    case 'configmap':
      return `${sink.kube.context}/${sink.namespace}/${sink.name}/${sink.key}#${sink.runnerIndex}`;
    case 'ssh':
      return `${sink.alias}:${sink.path}#${sink.runnerIndex}`;
  }
}

/** The plan's lines for writing the token there and restarting the runner, and a redacted diff for config files. */
export function sinkPlanLines(found: FoundSink, meta: Partial<TokenMeta>): { changes: Message[]; calls: string[]; notes: Message[]; diff?: string } {
  const s = found.sink;
  if (s.kind === 'secret') return { ...secretPlanLines(s), notes: [] };
  const text = found.text ?? '';
  // The diff shows a stand-in for the token, which does not exist yet; the old one is redacted.
  const diff = planDiff(s.kind === 'configmap' ? `${s.namespace}/${s.name}/${s.key}` : `${s.alias}${s.path}`, text, withToken(text, s.runnerIndex, '<the new runner token>', { expiresAt: null }));
  return { ...(s.kind === 'configmap' ? configMapPlanLines(s, text, meta) : hostPlanLines(s, text, meta)), diff };
}

export function sinkPreflight(ctx: FixContext, sink: TokenSink, fixId: string): Promise<PreflightCheck[]> {
  return sink.kind === 'secret' ? secretPreflight(ctx, sink, fixId) : sink.kind === 'configmap' ? configMapPreflight(ctx, sink, fixId) : hostPreflight(ctx, sink);
}

/** The token there now, re-read right before an irreversible step; a conflict if the object changed since the plan. */
export function sinkCurrent(ctx: FixContext, sink: TokenSink): Promise<string> {
  return sink.kind === 'secret' ? secretCurrent(ctx, sink) : sink.kind === 'configmap' ? configMapCurrent(ctx, sink) : hostCurrent(ctx, sink);
}

/** Writes the token where the runner reads it and restarts the runner. */
export function writeTokenSink(ctx: FixContext, sink: TokenSink, token: string, meta: TokenMeta): Promise<void> {
  return sink.kind === 'secret' ? writeSecretSink(ctx, sink, token) : sink.kind === 'configmap' ? writeConfigMapSink(ctx, sink, token, meta) : writeHostSink(ctx, sink, token, meta);
}

export function verifyTokenSink(ctx: FixContext, sink: TokenSink, token: string): Promise<VerifyResult> {
  return sink.kind === 'secret' ? verifySecretSink(ctx, sink, token) : sink.kind === 'configmap' ? verifyConfigMapSink(ctx, sink, token) : verifyHostSink(ctx, sink, token);
}

/**
 * After GitLab issued the token (saved in `store`): writes it where the runner reads it. A
 * failure now says the token is safe in the file and how to resume from here.
 */
export async function writeSavedToken(ctx: FixContext, sink: TokenSink, token: string, meta: TokenMeta, store: TokenStore): Promise<void> {
  try {
    await writeTokenSink(ctx, sink, token, meta);
  } catch (err) {
    if (err instanceof ConflictError) throw err;
    throw new FixStepError(msg('fix.sink.failedTokenKept', { error: errorSaid(err), store: storeText(store), resume: store.resumeHow ?? msg('fix.sink.resumeCli', { file: store.label }) }));
  }
}

/** A token fix is done when the sink holds the saved token, the runner restarted cleanly, and GitLab sees it again. */
export async function verifyTokenFix(ctx: FixContext, sink: TokenSink, runnerId: number | undefined): Promise<VerifyResult> {
  const token = ctx.connections.tokenStore?.saved();
  if (!token) return verified(false, msg('sink.verify.noSaved'));
  const there = await verifyTokenSink(ctx, sink, token);
  if (!there.ok) return there;
  const contact = await contactedSince(ctx, runnerId, sink.restartedAt);
  if (!contact.ok) return contact;
  return verified(true, msg('sink.verify.both', { there: there.message ?? there.detail, contact: contact.message ?? contact.detail }));
}
