import type { PreflightCheck } from '../../../shared/fixes';
import { configCollected, readConfig, readHostConfig, readUnchanged, sha256, sshPreflight, sshRestart, sshWrite, sshWriteCalls } from './ssh-config-file';
import { tokenKeysNote, withToken } from './token-config-edit';
import { runnerTokensOf } from './toml-edit';
import type { FixContext, VerifyResult } from './fix-definition';
import { english, msg, verified } from './fix-text';
import type { Message } from '../../../shared/messages';
import type { FoundSink, HostSink, SinkScan, TokenMeta } from './token-sink-types';

const labelText = (d: HostSink) => msg('sink.hostWhere', { path: d.path, host: d.alias, runner: d.runnerName ? `"${d.runnerName}"` : d.runnerIndex + 1 });
const label = (d: HostSink) => english(labelText(d));

async function sinksOf(ctx: FixContext, alias: string): Promise<FoundSink[]> {
  const { data, text } = await readHostConfig(ctx, alias);
  return runnerTokensOf(text).flatMap((r, runnerIndex) => {
    if (r.token === undefined) return [];
    const sink: HostSink = { kind: 'ssh', ...data, runnerIndex, ...(r.name ? { runnerName: r.name } : {}) };
    return [{ sink, token: r.token, names: r.name ? [r.name] : [], ...(r.id !== undefined ? { runnerId: r.id } : {}), where: label(sink), whereText: labelText(sink), place: { host: alias }, text }];
  });
}

/** Every `[[runners]]` token in config.toml of the --ssh hosts whose config collection read. */
export const hostSinks: SinkScan = async (ctx, facts) => {
  const out: FoundSink[] = [];
  for (const alias of ctx.connections.sshAliases) {
    if (configCollected(facts, alias)) out.push(...(await sinksOf(ctx, alias)));
  }
  return out;
};

export async function rereadHostSink(ctx: FixContext, d: HostSink): Promise<FoundSink | undefined> {
  return (await sinksOf(ctx, d.alias)).find((f) => (f.sink as HostSink).runnerIndex === d.runnerIndex);
}

export function hostPlanLines(d: HostSink, text: string, meta: Partial<TokenMeta>): { changes: Message[]; calls: string[]; notes: Message[] } {
  return {
    changes: [msg('sink.host.change', { where: labelText(d), keys: tokenKeysNote(text, d.runnerIndex, meta), backup: d.backup }), msg('sink.host.restart', { host: d.alias })],
    calls: sshWriteCalls(d),
    notes: [msg('sink.host.backup', { backup: d.backup })],
  };
}

export const hostPreflight = (ctx: FixContext, d: HostSink): Promise<PreflightCheck[]> => sshPreflight(d, ctx);

/** The entry's token now; a conflict if the file changed since the plan. */
export async function hostCurrent(ctx: FixContext, d: HostSink): Promise<string> {
  const before = await readUnchanged(d, ctx);
  return runnerTokensOf(before.toString('utf8'))[d.runnerIndex]?.token ?? '';
}

export async function writeHostSink(ctx: FixContext, d: HostSink, token: string, meta: TokenMeta): Promise<void> {
  const now = await readConfig(await ctx.connections.ssh(d.alias, ctx.signal), d.path, ctx);
  d.restartedAt = new Date().toISOString();
  if (runnerTokensOf(now.toString('utf8'))[d.runnerIndex]?.token === token) {
    // Written by an interrupted run already (resume): only the restart is left.
    d.appliedSha = sha256(now);
    ctx.changed(msg('changed.holdsAlready', { where: labelText(d) }));
    return sshRestart(d, ctx);
  }
  const before = await readUnchanged(d, ctx);
  await sshWrite(d, Buffer.from(withToken(before.toString('utf8'), d.runnerIndex, token, meta)), msg('changed.hostToken', { where: labelText(d) }), ctx);
}

export async function verifyHostSink(ctx: FixContext, d: HostSink, token: string): Promise<VerifyResult> {
  const now = await readConfig(await ctx.connections.ssh(d.alias, ctx.signal), d.path, ctx);
  if (runnerTokensOf(now.toString('utf8'))[d.runnerIndex]?.token !== token) return verified(false, msg('sink.verify.notHeld', { where: labelText(d) }));
  return verified(true, msg(d.systemd ? 'sink.verify.hostRestarted' : 'sink.verify.hostReloads', { where: labelText(d) }));
}
