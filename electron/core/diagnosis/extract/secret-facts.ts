import { tokenKindByPrefix, type GitlabTokenKindId } from '../../../../shared/gitlab-token-kinds';
import { LEGACY_SECRET_ANNOTATIONS as LEGACY, SECRET_FACTS_FIELD, secretFactsSchema } from '../../../../shared/secret-facts';
import type { KubeObjectFact } from './kube-objects';
import { isRecord, str, type Path } from './structured';

/** What the collector recorded about a Secret's values, with where each fact is written for citing. */
export interface SecretValueFacts {
  /** Token keys whose value ends in `\n`; empty with `endsWithNewline` for the Secret as a whole. */
  newlineKeys: string[];
  endsWithNewline: boolean;
  newlineAt?: Path;
  tokenKinds: { key: string; kind: GitlabTokenKindId; at: Path }[];
}

const NONE: SecretValueFacts = { newlineKeys: [], endsWithNewline: false, tokenKinds: [] };

/**
 * The facts of a metadata-only Secret (shared/secret-facts.ts); from the annotations older
 * bundles carried them in when the field is absent, so those bundles analyse the same.
 */
export function secretValueFacts(secret: KubeObjectFact): SecretValueFacts {
  const typed = secretFactsSchema.safeParse(secret.object[SECRET_FACTS_FIELD]);
  if (typed.success) {
    const keys = typed.data.tokenKeys;
    const firstNewline = keys.findIndex((k) => k.endsWithNewline);
    const newlineKeys = keys.filter((k) => k.endsWithNewline).map((k) => k.key);
    return {
      newlineKeys,
      endsWithNewline: newlineKeys.length > 0,
      ...(firstNewline >= 0 ? { newlineAt: [SECRET_FACTS_FIELD, 'tokenKeys', firstNewline, 'endsWithNewline'] } : {}),
      tokenKinds: keys.flatMap((k, i) => (k.gitlabKind ? [{ key: k.key, kind: k.gitlabKind, at: [SECRET_FACTS_FIELD, 'tokenKeys', i, 'gitlabKind'] }] : [])),
    };
  }
  return legacyFacts(secret);
}

function legacyFacts(secret: KubeObjectFact): SecretValueFacts {
  const meta = isRecord(secret.object.metadata) ? secret.object.metadata : {};
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  const at = (name: string): Path => ['metadata', 'annotations', name];
  const newline = (str(annotations[LEGACY.endsWithNewline]) ?? '').trim();
  const newlineKeys = newline === 'true' || newline === 'false' ? [] : newline.split(',').map((k) => k.trim()).filter(Boolean);
  const pairs = (str(annotations[LEGACY.tokenPrefixes]) ?? '').split(',').filter((p) => p.includes('/'));
  const tokenKinds = pairs.flatMap((pair) => {
    const kind = tokenKindByPrefix(pair.slice(pair.lastIndexOf('/') + 1))?.kind;
    return kind ? [{ key: pair.slice(0, pair.lastIndexOf('/')), kind: kind.id, at: at(LEGACY.tokenPrefixes) }] : [];
  });
  const endsWithNewline = newline !== '' && newline !== 'false';
  if (!endsWithNewline && !tokenKinds.length) return NONE;
  return { newlineKeys, endsWithNewline, ...(endsWithNewline ? { newlineAt: at(LEGACY.endsWithNewline) } : {}), tokenKinds };
}
