import { PREFIXED_TOKEN_KINDS } from '../../../shared/gitlab-token-kinds';
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Annotations runner-doctor adds to metadata-only Secrets (docs/kubernetes.md). */
export const SECRET_FACTS = {
  /** Comma-separated data keys present in the Secret (names only). */
  dataKeys: 'runner-doctor.io/data-keys',
  /** Comma-separated token keys whose value ends in a newline (token-trailing-newline). */
  endsWithNewline: 'runner-doctor.io/value-ends-with-newline',
  /**
   * `key/prefix` pairs naming a GitLab token type (`runner-token/glpat-`), never more of the
   * value; written without `=` or `:` so redaction rules for `token = …` leave the fact readable.
   */
  tokenPrefixes: 'runner-doctor.io/value-token-prefixes',
  /** Set when a last-applied-configuration annotation (which repeats the data) was removed. */
  removedAnnotation: 'runner-doctor.io/removed-annotations',
} as const;

const TOKEN_KEY = /token/i;
const GITLAB_PREFIXES = PREFIXED_TOKEN_KINDS.map((k) => k.prefix);
/** Annotations that repeat the Secret's values. */
const VALUE_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

function decode(value: unknown): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  return Buffer.from(value, 'base64');
}

/**
 * A Secret reduced to metadata, type and facts, before anything is written: `data` and
 * `stringData` are dropped and the values are only looked at in memory, to record whether a
 * token ends in a newline and which GitLab token type it is. Values never leave this function.
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
  const newline: string[] = [];
  const prefixes: string[] = [];
  for (const key of keys) {
    if (!TOKEN_KEY.test(key)) continue;
    const value = decode(data[key]);
    if (!value || value.length === 0) continue;
    if (value[value.length - 1] === 0x0a) newline.push(key);
    const head = value.subarray(0, 16).toString('utf8');
    const prefix = GITLAB_PREFIXES.find((p) => head.startsWith(p) || head.includes(`-${p}`));
    if (prefix) prefixes.push(`${key}/${prefix}`);
    value.fill(0);
  }
  if (keys.length) annotations[SECRET_FACTS.dataKeys] = keys.join(',');
  if (newline.length) annotations[SECRET_FACTS.endsWithNewline] = newline.join(',');
  if (prefixes.length) annotations[SECRET_FACTS.tokenPrefixes] = prefixes.join(',');
  if (removed.length) annotations[SECRET_FACTS.removedAnnotation] = removed.join(',');
  const { managedFields: _m, annotations: _a, ...restMeta } = meta;
  return {
    ...(secret.apiVersion ? { apiVersion: secret.apiVersion } : {}),
    ...(secret.kind ? { kind: secret.kind } : {}),
    metadata: { ...restMeta, ...(Object.keys(annotations).length ? { annotations } : {}) },
    type: secret.type ?? 'Opaque',
    ...(secret.immutable !== undefined ? { immutable: secret.immutable } : {}),
  };
}
