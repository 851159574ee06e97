import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import { Agent, buildConnector, ProxyAgent, request, type Dispatcher } from 'undici';
import { readSmall } from '../evidence/reader';
import { errorMessage, raceSignal, withTimeout } from '../util/abort';
import { describeExec, execPluginOf, runExecPlugin, type ExecCredentialStatus } from './exec-credential';
import { ensureExecApproved, type ExecApprovalStore, type ExecApprover } from './exec-approval';
import { apiErrorFrom, KubeApiError } from './kube-errors';
import { loadContext, KubeconfigError, type KubeClusterEntry, type KubeUserEntry } from './kubeconfig';
import { msg } from '../../../shared/messages';
import { reasonMessage } from '../util/network-failure';
import { loginShellPath } from './login-path';
import { capStream, MAX_STREAM_BYTES } from './stream-cap';

/** Byte caps on what is read of one answer (the time cap is the request's signal). */
const MAX_JSON_BYTES = 64 * 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;

export interface KubeConnectOptions {
  signal?: AbortSignal;
  /** Remembered approvals of exec credential plugins; default: the user's approvals file. */
  approvals?: ExecApprovalStore;
  /** Asked before an exec plugin runs for the first time; without it an unapproved plugin is an error. */
  approve?: ExecApprover;
  /** PATH for exec plugins; default: the login shell's. */
  pathValue?: string;
  execTimeoutMs?: number;
  /** Connections per cluster; log streams beyond it wait for a free one. */
  maxConnections?: number;
  /** Default per-request timeout. */
  timeoutMs?: number;
}

export interface KubeRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface Auth {
  headers: Record<string, string | string[]>;
  dispatcher: Dispatcher;
  /** Sockets of the pool, including ones still connecting (the pool's destroy does not reach those). */
  sockets: Set<Socket>;
  expiresAt?: number;
}

/**
 * A connection to one kubeconfig context: its auth (tokens, client certificates, exec plugins
 * run once after approval and refreshed when they expire) and one connection pool, so a
 * fleet-size collection reuses sockets. Every call has a timeout and honours AbortSignal.
 */
export class KubeClient {
  private auth: Auth;
  private refreshing: Promise<void> | undefined;

  private constructor(
    readonly context: string,
    readonly server: string,
    readonly namespace: string | undefined,
    auth: Auth,
    private readonly reauth: (() => Promise<Auth>) | undefined,
    private readonly timeoutMs: number,
  ) {
    this.auth = auth;
  }

  static async connect(spec: string, context: string | undefined, opts: KubeConnectOptions = {}): Promise<KubeClient> {
    const resolved = loadContext(spec, context);
    const { cluster, user } = resolved;
    const name = resolved.context.name;
    const plugin = execPluginOf(user);
    let build: () => Promise<Auth> = async () => buildAuth(cluster, user, undefined, opts.maxConnections);
    if (plugin && user) {
      const request = {
        kubeconfig: resolved.merged.origin.users.get(user.name) ?? spec,
        context: name,
        user: user.name,
        plugin,
        commandLine: describeExec(plugin),
      };
      await ensureExecApproved(request, opts);
      const pathValue = opts.pathValue ?? (await loginShellPath());
      build = async () => {
        const cred = await runExecPlugin(plugin, {
          pathValue,
          cluster,
          timeoutMs: opts.execTimeoutMs ?? 60_000,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        return buildAuth(cluster, user, cred, opts.maxConnections);
      };
    }
    const auth = await build();
    return new KubeClient(name, cluster.server, resolved.context.namespace, auth, plugin ? build : undefined, opts.timeoutMs ?? 20_000);
  }

  private async currentAuth(): Promise<Auth> {
    if (this.reauth && this.auth.expiresAt !== undefined && this.auth.expiresAt - Date.now() < 30_000) {
      this.refreshing ??= this.reauth().then(
        (next) => {
          const old = this.auth.dispatcher;
          this.auth = next;
          this.refreshing = undefined;
          // Streams still running on the old pool finish first; nothing waits for them here.
          void old.close().catch(() => undefined);
        },
        (err: unknown) => {
          this.refreshing = undefined;
          throw err;
        },
      );
      await this.refreshing;
    }
    return this.auth;
  }

  private url(path: string, query: KubeRequest['query']): string {
    const url = new URL(this.server.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  private async send(path: string, req: KubeRequest, signal: AbortSignal) {
    const auth = await this.currentAuth();
    const headers: Record<string, string | string[]> = { ...auth.headers, accept: req.accept ?? 'application/json' };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['content-type'] = req.contentType ?? 'application/json';
    }
    const pending = request(this.url(path, req.query), {
      method: req.method ?? 'GET',
      headers,
      dispatcher: auth.dispatcher,
      signal,
      ...(body !== undefined ? { body } : {}),
    });
    // A cluster behind a silent network path: the time limit and cancel hold while TLS is being set up too.
    const res = await raceSignal(pending, signal, (late) => late.body.destroy());
    if (res.statusCode >= 300) {
      const text = await readSmall(res.body, MAX_ERROR_BYTES).catch(() => '');
      throw apiErrorFrom(res.statusCode, text, path);
    }
    return res;
  }

  /** One API call answered with JSON. */
  async json<T>(path: string, req: KubeRequest = {}): Promise<T> {
    const signal = withTimeout(req.signal, req.timeoutMs ?? this.timeoutMs);
    const res = await this.send(path, req, signal);
    // An API (or a proxy in front of it) that answers without end must not fill memory.
    const text = await readSmall(res.body, MAX_JSON_BYTES).catch((err: unknown) => {
      if (signal.aborted) throw err;
      throw new Error(`${path}: the answer is over ${MAX_JSON_BYTES} bytes; stopped reading it (${errorMessage(err)})`);
    });
    return JSON.parse(text) as T;
  }

  /**
   * A streamed answer (logs); `signal` bounds the whole stream, so pass the time limit in it,
   * and `maxBytes` its size (default MAX_STREAM_BYTES): past it the stream fails.
   */
  async stream(path: string, req: KubeRequest & { signal: AbortSignal; maxBytes?: number }): Promise<Readable> {
    const res = await this.send(path, { ...req, accept: req.accept ?? '*/*' }, req.signal);
    return capStream(res.body, req.maxBytes ?? MAX_STREAM_BYTES, path);
  }

  /** A whole list, page by page (`limit`/`continue`), with the items' kind as the API omits it. */
  async list<T = Record<string, unknown>>(
    path: string,
    opts: { labelSelector?: string; fieldSelector?: string; pageSize?: number; signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<{ items: T[]; resourceVersion?: string }> {
    const items: T[] = [];
    let next: string | undefined;
    let resourceVersion: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      const body = await this.json<{ items?: T[]; metadata?: { continue?: string; resourceVersion?: string } }>(path, {
        query: { limit: opts.pageSize ?? 500, continue: next, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      });
      items.push(...(body.items ?? []));
      resourceVersion = body.metadata?.resourceVersion ?? resourceVersion;
      next = body.metadata?.continue || undefined;
      if (!next) break;
    }
    return { items, ...(resourceVersion ? { resourceVersion } : {}) };
  }

  async close(): Promise<void> {
    await this.auth.dispatcher.close().catch(() => undefined);
  }

  /** Drops every connection now, including one still being set up (close would wait for it). */
  async destroy(): Promise<void> {
    for (const socket of this.auth.sockets) socket.destroy();
    await this.auth.dispatcher.destroy().catch(() => undefined);
  }
}

function readPem(what: 'ca' | 'cert' | 'key', file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) {
    try {
      return readFileSync(file);
    } catch (err) {
      const { text, english } = reasonMessage('kubeconfig.cannotReadPem', { what: msg(`kubeconfig.pem.${what}`), file }, err);
      throw new KubeconfigError(text, english);
    }
  }
  return data ? Buffer.from(data, 'base64') : undefined;
}

/** The Authorization and impersonation headers for a kubeconfig user, as kubectl sends them. */
function authHeaders(user: KubeUserEntry | undefined, cred: ExecCredentialStatus | undefined): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  if (!user) return headers;
  let token = cred?.token ?? user.token;
  if (!token && !cred && user.tokenFile) {
    try {
      token = readFileSync(user.tokenFile, 'utf8').trim();
    } catch (err) {
      const { text, english } = reasonMessage('kubeconfig.cannotReadTokenFile', { file: user.tokenFile, user: user.name }, err);
      throw new KubeconfigError(text, english);
    }
  }
  if (!token && !cred && user.authProvider) {
    // kubectl keeps only the oidc provider; gcp and azure moved to exec plugins (kubelogin, gke-gcloud-auth-plugin).
    if (user.authProvider.name !== 'oidc' || !user.authProvider.config?.['id-token']) {
      throw new KubeconfigError(msg('kubeconfig.authProviderGone', { user: user.name, provider: user.authProvider.name }));
    }
    token = user.authProvider.config['id-token'];
  }
  if (token) headers.authorization = `Bearer ${token}`;
  else if (user.username !== undefined && user.password !== undefined)
    headers.authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  if (user.impersonate) headers['impersonate-user'] = user.impersonate;
  if (user.impersonateGroups?.length) headers['impersonate-group'] = user.impersonateGroups;
  return headers;
}

/** Headers and one connection pool for a cluster and user: TLS from the kubeconfig, auth as kubectl sends it. */
function buildAuth(
  cluster: KubeClusterEntry,
  user: KubeUserEntry | undefined,
  cred: ExecCredentialStatus | undefined,
  maxConnections = 16,
): Auth {
  const ca = readPem('ca', cluster.caFile, cluster.caData);
  const cert = cred?.clientCertificateData
    ? Buffer.from(cred.clientCertificateData)
    : readPem('cert', user?.certFile, user?.certData);
  const key = cred?.clientKeyData ? Buffer.from(cred.clientKeyData) : readPem('key', user?.keyFile, user?.keyData);
  const tls = {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(cluster.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {}),
    ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
  };
  let dispatcher: Dispatcher;
  const sockets = new Set<Socket>();
  if (cluster.proxyUrl?.startsWith('socks')) {
    throw new KubeconfigError(msg('kubeconfig.socksProxy', { cluster: cluster.name, proxy: cluster.proxyUrl }));
  } else if (cluster.proxyUrl) {
    dispatcher = new ProxyAgent({ uri: cluster.proxyUrl, requestTls: tls, connections: maxConnections });
  } else {
    const connect = buildConnector({ ...tls, keepAlive: true, keepAliveInitialDelay: 30_000 });
    dispatcher = new Agent({
      connect: (options, callback) => {
        // undici's connector returns the socket it is setting up; keep it until it closes.
        const socket = (connect as (...a: Parameters<typeof connect>) => unknown)(options, callback);
        if (socket && typeof (socket as Socket).destroy === 'function') {
          sockets.add(socket as Socket);
          (socket as Socket).once('close', () => sockets.delete(socket as Socket));
        }
      },
      connections: maxConnections,
    });
  }
  const expiresAt = cred?.expirationTimestamp ? Date.parse(cred.expirationTimestamp) : undefined;
  return { headers: authHeaders(user, cred), dispatcher, sockets, ...(expiresAt !== undefined && Number.isFinite(expiresAt) ? { expiresAt } : {}) };
}

export { KubeApiError };
