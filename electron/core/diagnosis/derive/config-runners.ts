import type { Facts, Located } from '../facts';
import { originMessage, type ConfigRunner, type RunnerConfigFact } from '../extract/config-toml';
import type { GitlabVerifyFact } from '../extract/gitlab-api';
import { containersOf, RUNNER_IMAGE } from '../extract/kube-objects';
import { kubeObjectsOf } from '../facts';
import { isRecord, str } from '../extract/structured';
import { classifyToken, kindOf, recordedTokensOf, type TokenKind } from '../tokens';
import { secretValueFacts } from '../extract/secret-facts';
import { msg, type Message } from '../../../../shared/messages';
import { formatMessage } from '../../../../shared/i18n/text';

export interface ConfiguredRunner {
  config: RunnerConfigFact;
  runner: ConfigRunner;
  /** `runner "eks" in ConfigMap gitlab-runner/x, key config.toml`. */
  label: string;
  /** The same as a message, for texts that are translated. */
  labelMessage: Message;
  tokenAt: Located;
}

/** Every [[runners]] entry of every config in the evidence (templates included). */
export function configuredRunners(facts: Facts): ConfiguredRunner[] {
  return facts.configs.flatMap((config) =>
    config.runners.map((runner) => {
      const origin = originMessage(config.source);
      const labelMessage = runner.name ? msg('runner.inConfig.named', { name: runner.name, origin }) : msg('runner.inConfig.numbered', { n: runner.index + 1, origin });
      return { config, runner, label: formatMessage(labelMessage), labelMessage, tokenAt: config.at(`runners[${runner.index}].token`) };
    }),
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
        out.push({ name: str(e.name)!, kind: classifyToken(e.value, recordedTokensOf(facts.entries, obj.file)), workload: `${obj.kind} ${obj.name}`, ...obj.at([...path, 'env', i, 'value']) });
      });
    }
  }
  return out;
}

export interface SecretToken extends Located {
  secret: string;
  key: string;
  kind: TokenKind;
}

/** Token kinds of Secret keys, as the kube collector recorded them without exporting values. */
export function secretTokens(facts: Facts): SecretToken[] {
  return kubeObjectsOf(facts, 'Secret').flatMap((s) =>
    secretValueFacts(s).tokenKinds.map(({ key, kind, at }) => ({ secret: s.name, key, kind: kindOf(kind), ...s.at(at) })),
  );
}
