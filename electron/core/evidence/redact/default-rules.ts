import type { RedactionRule } from './rules';
import { commandSecretRule } from './rules/commands';
import { gitlabSessionRule, gitlabTokenRule } from './rules/gitlab';
import { httpCredentialsRule, uriCredentialsRule } from './rules/http';
import { envPairRule, keyedSecretRule } from './rules/keyed';
import { awsKeyRule, jwtRule, pemRule } from './rules/keys';

/**
 * The line rules, most specific first. Structure that spans lines (PEM blocks, YAML block
 * scalars, env name/value pairs, Kubernetes Secret data) is handled by the stream
 * (line-state.ts, kube-secret.ts); JSON inside a line by embedded-json.ts.
 */
export const DEFAULT_RULES: readonly RedactionRule[] = [
  gitlabTokenRule,
  gitlabSessionRule,
  pemRule,
  awsKeyRule,
  jwtRule,
  uriCredentialsRule,
  httpCredentialsRule,
  keyedSecretRule,
  envPairRule,
  commandSecretRule,
];

/**
 * Lower-case words that can start something the stream tracks across lines; a line with
 * none of these nor any rule's hint is passed through untouched.
 */
export const STRUCTURE_HINTS: readonly string[] = ['-----begin', 'data', 'apiversion', 'kind'];
