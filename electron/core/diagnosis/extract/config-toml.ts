import { parse, TomlDate, TomlError } from 'smol-toml';
import { parseEvidencePath } from '../../../../shared/evidence-layout';
import type { Severity } from '../../../../shared/findings';
import { formatMessage } from '../../../../shared/i18n/text';
import { msg, type Message, type MessageParam } from '../../../../shared/messages';
import type { Facts, Located } from '../facts';
import { excerptOf } from '../scan/fields';
import { classifyToken, recordedTokensOf, type TokenKind } from '../tokens';
import type { RedactedToken } from '../../../../shared/evidence';
import { lintConfig } from './config-lint';
import { isTable, valueOf } from './config-schema';
import { tomlKeyLines } from './toml-lines';

export interface ConfigSource {
  file: string;
  /** In words, for summaries: `config.toml`, `ConfigMap gitlab-runner/gitlab-runner, key config.toml`. */
  origin: string;
  /** The evidence file's line for a TOML line (differs when the TOML is embedded in YAML). */
  fileLine(tomlLine: number): number;
  configMap?: { namespace?: string; name: string; key: string };
}

export interface ConfigIssue {
  severity: Severity;
  /** In English (what the corpus and scripts read); `text` is the same as a message. */
  message: string;
  text: Message;
  /** Key path (`runners[0].docker.helper_image`) or the TOML line of a syntax error. */
  path?: string;
  tomlLine?: number;
  /** A key the runner stopped reading in this release (older runners still read it). */
  removedIn?: string;
  /** A value the current runner refuses but these releases read (`until` excluded). */
  formReadIn?: ReleaseRange[];
}

export interface ReleaseRange {
  from: string;
  until?: string;
}

/** A key written in the file that only runners from `since` on read (and, when its type changed, the releases that read this value's form). */
export interface KeyRelease {
  path: string;
  key: string;
  since: string;
  formReadIn?: ReleaseRange[];
}

export interface ConfigRunner {
  index: number;
  name?: string;
  url?: string;
  id?: number;
  token?: string;
  tokenKind: TokenKind;
  tokenObtainedAt?: Date;
  /** `never` for Go's zero time (0001-01-01…), which the runner writes for tokens that do not expire. */
  tokenExpiresAt?: Date | 'never';
  executor?: string;
  limit?: number;
  requestConcurrency?: number;
  helperImage?: string;
  dockerHost?: string;
  tlsCaFile?: string;
  environment: string[];
}

export interface RunnerConfigFact {
  source: ConfigSource;
  /** The Helm chart's `config.template.toml`: a partial config merged at registration. */
  template: boolean;
  parsed: boolean;
  concurrent?: number;
  runners: ConfigRunner[];
  issues: ConfigIssue[];
  /** Keys newer than the oldest release the schema knows, with the release that added them. */
  releases: KeyRelease[];
  /** Evidence for a key path (or its nearest written parent). */
  at(path: string): Located;
  /** Evidence for a TOML line (syntax errors). */
  atLine(tomlLine: number): Located;
}

type ConfigMapKey = NonNullable<ConfigSource['configMap']>;

const configMapOrigin = (cm: ConfigMapKey): Message => msg('config.origin.configMap', { configMap: `${cm.namespace ? `${cm.namespace}/` : ''}${cm.name}`, key: cm.key });

/** An issue's text as a message (`config-invalid.issue.*`) and in English. */
export function issueText(key: string, params?: Record<string, MessageParam | undefined | false>): { text: Message; message: string } {
  return said(msg(`config-invalid.issue.${key}`, params));
}

export const said = (text: Message): { text: Message; message: string } => ({ text, message: formatMessage(text) });

/** Where a config came from, for finding texts: `ConfigMap gitlab-runner/x, key config.toml`, or the file's path. */
export const originMessage = (source: ConfigSource): string | Message => (source.configMap ? configMapOrigin(source.configMap) : source.origin);

/** A config kept in a ConfigMap key, its origin in words. */
export function configMapSource(file: string, configMap: ConfigMapKey, fileLine: (tomlLine: number) => number): ConfigSource {
  return { file, origin: formatMessage(configMapOrigin(configMap)), fileLine, configMap };
}

/** Where a config.toml file came from: a ConfigMap key the collector wrote out, or the file itself. */
export function configFileSource(file: string): ConfigSource {
  const at = parseEvidencePath(file);
  if (at?.source !== 'kube' || !at.configMap) return { file, origin: file, fileLine: (n) => n };
  const { namespace } = at;
  const { name, key } = at.configMap;
  return configMapSource(file, { namespace, name, key }, (n) => n);
}

const asNumber = (v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : undefined);
const asString = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Go's zero time.Time: what the runner writes when a token never expires. */
export function isGoZeroTime(d: Date): boolean {
  return d.getUTCFullYear() <= 1;
}

function toDate(v: unknown): Date | undefined {
  if (v instanceof TomlDate || v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : new Date(v.getTime());
  if (typeof v === 'string' && v) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

function runnerOf(raw: Record<string, unknown>, index: number, recorded: readonly RedactedToken[] | undefined): ConfigRunner {
  const get = (key: string) => valueOf(raw, key);
  const dockerValue = get('docker');
  const kubeValue = get('kubernetes');
  const docker = isTable(dockerValue) ? dockerValue : {};
  const kube = isTable(kubeValue) ? kubeValue : {};
  const expires = toDate(get('token_expires_at'));
  const obtained = toDate(get('token_obtained_at'));
  const env = get('environment');
  const pick = <K extends keyof ConfigRunner>(key: K, v: ConfigRunner[K] | undefined) => (v === undefined ? {} : { [key]: v });
  return {
    index,
    ...pick('name', asString(get('name'))),
    ...pick('url', asString(get('url'))),
    ...pick('id', asNumber(get('id'))),
    ...pick('token', asString(get('token'))),
    tokenKind: classifyToken(asString(get('token')), recorded),
    ...pick('tokenObtainedAt', obtained && !isGoZeroTime(obtained) ? obtained : undefined),
    ...pick('tokenExpiresAt', expires ? (isGoZeroTime(expires) ? 'never' : expires) : undefined),
    ...pick('executor', asString(get('executor'))),
    ...pick('limit', asNumber(get('limit'))),
    ...pick('requestConcurrency', asNumber(get('request_concurrency'))),
    ...pick('helperImage', asString(valueOf(docker, 'helper_image')) ?? asString(valueOf(kube, 'helper_image'))),
    ...pick('dockerHost', asString(valueOf(docker, 'host'))),
    ...pick('tlsCaFile', asString(get('tls-ca-file'))),
    environment: Array.isArray(env) ? env.filter((e): e is string => typeof e === 'string') : [],
  };
}

/**
 * Parses and lints a runner config.toml (any file name, or a ConfigMap key), recording its
 * runners (URL, token kind, token expiry, request_concurrency…) and every problem found.
 */
export function extractRunnerConfig(text: string, source: ConfigSource, facts: Facts, templateHint = false): RunnerConfigFact {
  // `config.template.toml` (Helm chart): a partial config, merged into the registered one.
  const template = templateHint || /template[^/]*$/.test(source.file);
  const src = text.split('\n');
  const keyLines = new Map<string, number>();
  const at = (path: string): Located => {
    let p = path;
    let tomlLine = keyLines.get(p);
    while (tomlLine === undefined && p) {
      p = p.slice(0, Math.max(p.lastIndexOf('.'), p.lastIndexOf('['), 0));
      tomlLine = keyLines.get(p);
    }
    return atLine(tomlLine ?? 1);
  };
  const atLine = (line: number): Located => ({ file: source.file, line: source.fileLine(line), excerpt: excerptOf(src[line - 1] ?? '') || '(empty line)' });
  const fact: RunnerConfigFact = { source, template, parsed: false, runners: [], issues: [], releases: [], at, atLine };
  facts.configs.push(fact);

  let doc: Record<string, unknown>;
  try {
    doc = parse(text, { integersAsBigInt: true }) as Record<string, unknown>;
  } catch (err) {
    const line = err instanceof TomlError ? err.line : 1;
    const column = err instanceof TomlError ? err.column : 1;
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    const unclosed = /control characters|unterminated|newline/i.test(message);
    fact.issues.push({ severity: 'error', ...issueText(unclosed ? 'syntax.unclosed' : 'syntax', { line, column, error: message }), tomlLine: line });
    return fact;
  }
  for (const [path, line] of tomlKeyLines(text)) keyLines.set(path, line);
  fact.parsed = true;
  const concurrent = asNumber(valueOf(doc, 'concurrent'));
  if (concurrent !== undefined) fact.concurrent = concurrent;
  const runners = valueOf(doc, 'runners');
  if (Array.isArray(runners)) {
    const recorded = recordedTokensOf(facts.entries, source.file);
    fact.runners = runners.filter(isTable).map((r, i) => runnerOf(r, i, recorded));
  }
  const { issues, releases } = lintConfig(doc, fact);
  fact.issues.push(...issues);
  fact.releases.push(...releases);
  return fact;
}
