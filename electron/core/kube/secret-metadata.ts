import { PREFIXED_TOKEN_KINDS } from '../../../shared/gitlab-token-kinds';
import { SECRET_FACTS_FIELD, type SecretFacts, type SecretKeyFacts } from '../../../shared/secret-facts';
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TOKEN_KEY = /token/i;
/** Annotations that repeat the Secret's values. */
const VALUE_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

function decode(value: unknown): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  return Buffer.from(value, 'base64');
}

/**
 * A Secret reduced to metadata, type and facts (shared/secret-facts.ts), before anything is
 * written: `data` and `stringData` are dropped and the values are only looked at in memory, to
 * record whether a token ends in a newline and which GitLab token kind it is. Values never
 * leave this function.
 */
export function secretMetadataOnly(secret: Obj): Obj {
  const meta: Obj = secret.metadata ?? {};
  const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
  const removed = VALUE_ANNOTATIONS.filter((a) => a in annotations);
  for (const a of removed) delete annotations[a];
  const data: Record<string, unknown> = { ...(secret.data ?? {}) };
  // stringData only appears in objects that were never stored; treat it like data.
  for (const [k, v] of Object.entries(secret.stringData ?? {})) data[k] = Buffer.from(String(v)).toString('base64');
  const keys = Object.keys(data).sort();
  const tokenKeys: SecretKeyFacts[] = [];
  for (const key of keys) {
    if (!TOKEN_KEY.test(key)) continue;
    const value = decode(data[key]);
    if (!value || value.length === 0) continue;
    const head = value.subarray(0, 16).toString('utf8');
    const kind = PREFIXED_TOKEN_KINDS.find((k) => head.startsWith(k.prefix) || head.includes(`-${k.prefix}`));
    const endsWithNewline = value[value.length - 1] === 0x0a;
    if (endsWithNewline || kind) tokenKeys.push({ key, ...(endsWithNewline ? { endsWithNewline } : {}), ...(kind ? { gitlabKind: kind.id } : {}) });
    value.fill(0);
  }
  const facts: SecretFacts = { dataKeys: keys, tokenKeys, ...(removed.length ? { removedAnnotations: removed } : {}) };
  const { managedFields: _m, annotations: _a, ...restMeta } = meta;
  return {
    ...(secret.apiVersion ? { apiVersion: secret.apiVersion } : {}),
    ...(secret.kind ? { kind: secret.kind } : {}),
    metadata: { ...restMeta, ...(Object.keys(annotations).length ? { annotations } : {}) },
    type: secret.type ?? 'Opaque',
    ...(secret.immutable !== undefined ? { immutable: secret.immutable } : {}),
    ...(keys.length || removed.length ? { [SECRET_FACTS_FIELD]: facts } : {}),
  };
}
