import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, YAMLError } from 'yaml';
import { MessageError } from '../../../shared/i18n/text';
import { reasonMessage } from '../util/network-failure';
import { msg, type Message } from '../../../shared/messages';

/**
 * kubeconfig files, read and merged the way kubectl does, without @kubernetes/client-node:
 * loading that library costs ~90 MB and ~2 s (it pulls in the whole generated API), which a
 * collector started per diagnosis should not pay.
 */
export class KubeconfigError extends MessageError {
  override name = 'KubeconfigError';
}

export interface KubeClusterEntry {
  name: string;
  server: string;
  /** Base64 PEM, as in `certificate-authority-data`. */
  caData?: string;
  caFile?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

export interface KubeExecConfig {
  command: string;
  args?: string[] | null;
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
  installHint?: string;
  provideClusterInfo?: boolean;
}

export interface KubeUserEntry {
  name: string;
  token?: string;
  tokenFile?: string;
  certData?: string;
  certFile?: string;
  keyData?: string;
  keyFile?: string;
  username?: string;
  password?: string;
  impersonate?: string;
  impersonateGroups?: string[];
  exec?: KubeExecConfig;
  authProvider?: { name: string; config?: Record<string, string> };
}

export interface KubeContextEntry {
  name: string;
  cluster: string;
  user?: string;
  namespace?: string;
}

/** A kubeconfig as kubectl sees it after merging every file, and where each entry came from. */
export interface MergedKubeconfig {
  /** The files that exist and were read, in order. */
  files: string[];
  clusters: Map<string, KubeClusterEntry>;
  users: Map<string, KubeUserEntry>;
  contexts: Map<string, KubeContextEntry>;
  /** current-context from the first file that sets it ('' when none does). */
  current: string;
  /** Context, user and cluster name → the file that defined it (the first one wins). */
  origin: { contexts: Map<string, string>; users: Map<string, string>; clusters: Map<string, string> };
  /** Entries that were skipped as invalid, with why. */
  warnings: Message[];
}

/** One context, resolved: its cluster and user entries. */
export interface ResolvedContext {
  merged: MergedKubeconfig;
  context: KubeContextEntry;
  cluster: KubeClusterEntry;
  user?: KubeUserEntry;
}

type Raw = Record<string, unknown>;

/** Splits a KUBECONFIG-style list (`a:b` on Unix, `a;b` on Windows). */
export function kubeconfigFiles(spec: string): string[] {
  return spec
    .split(delimiter)
    .map((f) => f.trim())
    .filter(Boolean);
}

/**
 * The kubeconfig kubectl would use: an explicit file, else every file in KUBECONFIG (returned as
 * the same list, merged when loaded), else ~/.kube/config.
 */
export function defaultKubeconfigPath(explicit?: string): string {
  if (explicit) return explicit;
  const env = process.env.KUBECONFIG;
  if (env && kubeconfigFiles(env).length) return env;
  return join(homedir(), '.kube', 'config');
}

function readDoc(file: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const { text, english } = reasonMessage('kubeconfig.cannotRead', { file }, err);
    throw new KubeconfigError(text, english);
  }
  try {
    const doc: unknown = parse(text);
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new KubeconfigError(msg('kubeconfig.cannotParse', { file, reason: msg('kubeconfig.notMapping') }));
    return doc as Raw;
  } catch (err) {
    if (err instanceof KubeconfigError) throw err;
    // The YAML library's own sentence stays the English; other languages word its error code.
    const english = `Cannot parse kubeconfig ${file}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
    throw new KubeconfigError(msg('kubeconfig.cannotParse', { file, reason: yamlProblem(err) }), english);
  }
}

/** A YAML parser error as a message: where it is and what kind of mistake, by the library's error code. */
function yamlProblem(err: unknown): Message {
  const known = ['BAD_INDENT', 'MISSING_CHAR', 'UNEXPECTED_TOKEN', 'DUPLICATE_KEY', 'MULTILINE_IMPLICIT_KEY', 'BLOCK_AS_IMPLICIT_KEY', 'BLOCK_IN_FLOW', 'TAB_AS_INDENT', 'BAD_SCALAR_START', 'BAD_DQ_ESCAPE', 'BAD_ALIAS', 'TAG_RESOLVE_FAILED'];
  const code = err instanceof YAMLError ? err.code : undefined;
  const problem = msg(`yaml.${code && known.includes(code) ? code : 'other'}`);
  const at = err instanceof YAMLError ? err.linePos?.[0] : undefined;
  return at ? msg('kubeconfig.yamlSyntax', { line: at.line, col: at.col, problem }) : problem;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
/** kubectl resolves file paths relative to the kubeconfig that names them. */
const pathIn = (dir: string, v: unknown) => {
  const s = str(v);
  return s && !isAbsolute(s) ? resolve(dir, s) : s;
};

function clusterOf(name: string, body: Raw, dir: string): KubeClusterEntry | undefined {
  const server = str(body.server);
  if (!server) return undefined;
  const caFile = pathIn(dir, body['certificate-authority']);
  return {
    name,
    server: server.replace(/\/$/, ''),
    ...(str(body['certificate-authority-data']) ? { caData: str(body['certificate-authority-data']) } : {}),
    ...(caFile ? { caFile } : {}),
    insecureSkipTlsVerify: body['insecure-skip-tls-verify'] === true,
    ...(str(body['tls-server-name']) ? { tlsServerName: str(body['tls-server-name']) } : {}),
    ...(str(body['proxy-url']) ? { proxyUrl: str(body['proxy-url']) } : {}),
  };
}

function userOf(name: string, body: Raw, dir: string): KubeUserEntry {
  const user: KubeUserEntry = { name };
  const set = <K extends keyof KubeUserEntry>(key: K, value: KubeUserEntry[K] | undefined) => {
    if (value !== undefined) user[key] = value;
  };
  set('token', str(body.token));
  set('tokenFile', pathIn(dir, body['token-file']));
  set('certData', str(body['client-certificate-data']));
  set('certFile', pathIn(dir, body['client-certificate']));
  set('keyData', str(body['client-key-data']));
  set('keyFile', pathIn(dir, body['client-key']));
  set('username', str(body.username));
  set('password', str(body.password));
  set('impersonate', str(body.as));
  if (Array.isArray(body['as-groups'])) user.impersonateGroups = body['as-groups'].map(String);
  const exec = body.exec as KubeExecConfig | undefined;
  if (exec && typeof exec === 'object' && str(exec.command)) {
    // A command given as a relative path with a separator is relative to the kubeconfig too.
    const command = /[\\/]/.test(exec.command) && !isAbsolute(exec.command) ? resolve(dir, exec.command) : exec.command;
    user.exec = { ...exec, command };
  }
  const provider = body['auth-provider'] as { name?: string; config?: Record<string, string> } | undefined;
  if (provider?.name) user.authProvider = { name: provider.name, ...(provider.config ? { config: provider.config } : {}) };
  return user;
}

/**
 * Loads and merges kubeconfig files the way kubectl does: files that do not exist are skipped,
 * the first file to define a cluster, user or context name wins, and the first file that sets
 * current-context sets it. (client-node's own loader throws on duplicate names instead.)
 */
export function readKubeconfig(spec: string): MergedKubeconfig {
  const listed = kubeconfigFiles(spec);
  if (listed.length === 0) throw new KubeconfigError(msg('kubeconfig.noFile'));
  const files = listed.length === 1 ? listed : listed.filter((f) => existsSync(f));
  if (files.length === 0) throw new KubeconfigError(msg('kubeconfig.noneExist', { files: listed.join(', ') }));
  const merged: MergedKubeconfig = {
    files,
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    current: '',
    origin: { contexts: new Map(), users: new Map(), clusters: new Map() },
    warnings: [],
  };
  for (const file of files) {
    const doc = readDoc(file);
    const dir = dirname(resolve(file));
    for (const section of ['clusters', 'users', 'contexts'] as const) {
      const entries = doc[section];
      if (entries === undefined || entries === null) continue;
      if (!Array.isArray(entries)) {
        merged.warnings.push(msg('kubeconfig.warn.notList', { file, section }));
        continue;
      }
      for (const raw of entries as Raw[]) {
        const name = raw && typeof raw === 'object' ? str(raw.name) : undefined;
        if (!name) {
          merged.warnings.push(msg('kubeconfig.warn.noName', { file, section }));
          continue;
        }
        if (merged.origin[section].has(name)) continue;
        merged.origin[section].set(name, file);
        const body = ((raw[section === 'clusters' ? 'cluster' : section === 'users' ? 'user' : 'context'] ?? {}) as Raw) || {};
        if (section === 'clusters') {
          const cluster = clusterOf(name, body, dir);
          if (!cluster) merged.warnings.push(msg('kubeconfig.warn.noServer', { file, name }));
          else merged.clusters.set(name, cluster);
        } else if (section === 'users') {
          merged.users.set(name, userOf(name, body, dir));
        } else if (!str(body.cluster)) {
          merged.warnings.push(msg('kubeconfig.warn.noClusterNamed', { file, name }));
        } else {
          merged.contexts.set(name, {
            name,
            cluster: str(body.cluster) as string,
            ...(str(body.user) ? { user: str(body.user) } : {}),
            ...(str(body.namespace) ? { namespace: str(body.namespace) } : {}),
          });
        }
      }
    }
    if (!merged.current && str(doc['current-context'])) merged.current = str(doc['current-context']) as string;
  }
  return merged;
}

/** Resolves `context` (or the kubeconfig's current-context) to its cluster and user, with errors a user can act on. */
export function selectContext(merged: MergedKubeconfig, context?: string): ResolvedContext {
  const names = [...merged.contexts.keys()];
  const where = merged.files.length === 1 ? (merged.files[0] as string) : msg('kubeconfig.files', { files: merged.files.join(', ') });
  const name = context || merged.current;
  const nameList = names.join(', ');
  if (!name) throw new KubeconfigError(msg('kubeconfig.noCurrentContext', { where, of: names.length ? msg('kubeconfig.oneOf', { names: nameList }) : '' }));
  const ctx = merged.contexts.get(name);
  if (!ctx) throw new KubeconfigError(msg('kubeconfig.noContext', { name, where, has: names.length ? msg('kubeconfig.itHas', { names: nameList }) : '' }));
  const cluster = merged.clusters.get(ctx.cluster);
  if (!cluster) throw new KubeconfigError(msg('kubeconfig.noCluster', { context: ctx.name, cluster: ctx.cluster, where }));
  const user = ctx.user ? merged.users.get(ctx.user) : undefined;
  if (ctx.user && !user) throw new KubeconfigError(msg('kubeconfig.noUser', { context: ctx.name, user: ctx.user, where }));
  return { merged, context: ctx, cluster, ...(user ? { user } : {}) };
}

/** Loads a kubeconfig (a file or a KUBECONFIG-style list) and resolves one context. */
export function loadContext(spec: string, context?: string): ResolvedContext {
  return selectContext(readKubeconfig(spec), context);
}

/** The namespace a context sets, as kubectl uses it when no -n is given. */
export function contextNamespace(spec: string, context?: string): string | undefined {
  return loadContext(spec, context).context.namespace;
}
