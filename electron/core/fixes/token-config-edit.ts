import { editRunnerKeys, runnerTokensOf, type RunnerKeyEdit } from './toml-edit';
import type { TokenMeta } from './token-sink-types';
import type { Message } from '../../../shared/messages';
import { msg } from './fix-text';

/** Go's zero time: what the runner writes for a token that never expires. */
const NEVER = '0001-01-01T00:00:00Z';
const tomlTime = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The edits that give `[[runners]]` entry `index` a new token: `token`, and where the entry
 * keeps them (or GitLab gives the token an expiry), `token_obtained_at` and `token_expires_at`,
 * so the runner does not rotate the new token at once on the old token's dates; `id` where the
 * entry names its runner and the token belongs to another one.
 */
export function tokenEdits(text: string, index: number, token: string, meta: TokenMeta, now = new Date()): RunnerKeyEdit[] {
  const keys = runnerTokensOf(text)[index]?.keys ?? [];
  const edits: RunnerKeyEdit[] = [{ index, key: 'token', value: token }];
  if (meta.runnerId !== undefined && keys.includes('id')) edits.push({ index, key: 'id', value: meta.runnerId });
  if (keys.includes('token_obtained_at') || meta.expiresAt) edits.push({ index, key: 'token_obtained_at', value: { raw: tomlTime(now.toISOString()) } });
  if (keys.includes('token_expires_at') || meta.expiresAt) edits.push({ index, key: 'token_expires_at', value: { raw: meta.expiresAt ? tomlTime(meta.expiresAt) : NEVER } });
  return edits;
}

export function withToken(text: string, index: number, token: string, meta: TokenMeta): string {
  return editRunnerKeys(text, tokenEdits(text, index, token, meta));
}

/** The plan's words for what changes in the entry besides the token. */
export function tokenKeysNote(text: string, index: number, meta: Partial<TokenMeta>): Message | '' {
  const keys = runnerTokensOf(text)[index]?.keys ?? [];
  const more = [
    ...(keys.includes('id') && meta.runnerId !== undefined ? ['id'] : []),
    ...(keys.includes('token_obtained_at') ? ['token_obtained_at'] : []),
    ...(keys.includes('token_expires_at') ? ['token_expires_at'] : []),
  ];
  return more.length ? msg('sink.alsoKeys', { keys: more.join(', ') }) : '';
}
