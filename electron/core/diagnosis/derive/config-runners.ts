import type { Facts, Located } from '../facts';
import type { ConfigRunner, RunnerConfigFact } from '../extract/config-toml';
import type { GitlabVerifyFact } from '../extract/gitlab-api';
import { containersOf, RUNNER_IMAGE } from '../extract/kube-objects';
import { kubeObjectsOf } from '../facts';
import { isRecord, str } from '../extract/structured';
import { classifyToken, type TokenKind } from '../tokens';

export interface ConfiguredRunner {
  config: RunnerConfigFact;
  runner: ConfigRunner;
  /** `runner "eks" in ConfigMap gitlab-runner/x, key config.toml`. */
  label: string;
  tokenAt: Located;
}

/** Every [[runners]] entry of every config in the evidence (templates included). */
export function configuredRunners(facts: Facts): ConfiguredRunner[] {
  return facts.configs.flatMap((config) =>
    config.runners.map((runner) => ({
      config,
      runner,
      label: `${runner.name ? `runner "${runner.name}"` : `runner #${runner.index + 1}`} in ${config.source.origin}`,
      tokenAt: config.at(`runners[${runner.index}].token`),
    })),
  );
}

/**
 * The `POST /runners/verify` answers that checked this runner's token: those the collector
 * labelled with the runner's name, or the only answer when there is only one runner.
 */
export function verifyResultsFor(facts: Facts, entry: ConfiguredRunner): GitlabVerifyFact[] {
  const named = facts.gitlab.verify.filter((v) => v.subject && (v.subject === entry.runner.name || v.subject === entry.config.source.origin || v.subject.includes(entry.config.source.file)));
  if (named.length) return named;
  const all = configuredRunners(facts).filter((r) => !r.config.template);
  return all.length === 1 && facts.gitlab.verify.every((v) => !v.subject) ? facts.gitlab.verify : [];
}

export interface EnvToken extends Located {
  name: string;
  kind: TokenKind;
  workload: string;
}

/** Tokens set literally in a runner workload's env (`RUNNER_TOKEN`, `CI_SERVER_TOKEN`, `REGISTRATION_TOKEN`…). */
export function envTokens(facts: Facts): EnvToken[] {
  const out: EnvToken[] = [];
  for (const obj of facts.kubeObjects) {
    for (const { container, path } of containersOf(obj)) {
      if (!RUNNER_IMAGE.test(str(container.image) ?? '')) continue;
      (Array.isArray(container.env) ? container.env : []).forEach((e, i) => {
        if (!isRecord(e) || !/TOKEN/i.test(str(e.name) ?? '') || typeof e.value !== 'string') return;
        out.push({ name: str(e.name)!, kind: classifyToken(e.value), workload: `${obj.kind} ${obj.name}`, ...obj.at([...path, 'env', i, 'value']) });
      });
    }
  }
  return out;
}

/** Token types the kube collector records for Secret keys without exporting values (`runner-token/glpat-`). */
export const TOKEN_PREFIXES_ANNOTATION = 'runner-doctor.io/value-token-prefixes';

export interface SecretToken extends Located {
  secret: string;
  key: string;
  kind: TokenKind;
}

/** Token kinds of Secret keys, from the collector's TOKEN_PREFIXES_ANNOTATION. */
export function secretTokens(facts: Facts): SecretToken[] {
  return kubeObjectsOf(facts, 'Secret').flatMap((s) => {
    const meta = isRecord(s.object.metadata) ? s.object.metadata : {};
    const annotations = isRecord(meta.annotations) ? meta.annotations : {};
    const pairs = (str(annotations[TOKEN_PREFIXES_ANNOTATION]) ?? '').split(',').filter((p) => p.includes('/'));
    const at = s.at(['metadata', 'annotations', TOKEN_PREFIXES_ANNOTATION]);
    return pairs.map((pair) => {
      const [key, prefix] = [pair.slice(0, pair.lastIndexOf('/')), pair.slice(pair.lastIndexOf('/') + 1)];
      return { secret: s.name, key, kind: classifyToken(`${prefix}x`), ...at };
    });
  });
}
