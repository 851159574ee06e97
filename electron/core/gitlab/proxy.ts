import type { SecureContext } from 'node:tls';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

export interface ProxySettings {
  httpsProxy?: string;
  httpProxy?: string;
  noProxy?: string;
}

/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY as curl and the runner read them (lower case first). */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const pick = (name: string) => env[name.toLowerCase()] ?? env[name.toUpperCase()];
  const httpsProxy = pick('https_proxy');
  const httpProxy = pick('http_proxy');
  const noProxy = pick('no_proxy');
  return { ...(httpsProxy ? { httpsProxy } : {}), ...(httpProxy ? { httpProxy } : {}), ...(noProxy ? { noProxy } : {}) };
}

/** True when NO_PROXY exempts `host[:port]` (entries: `*`, `host`, `.domain`, `*.domain`, `host:port`). */
export function bypassesProxy(hostname: string, port: number, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[(.*)\](:\d+)?$/, '$1$2'));
    const name = (m?.[1] ?? entry).replace(/^\*/, '');
    if (m?.[2] && Number(m[2]) !== port) continue;
    if (name.startsWith('.') ? host.endsWith(name) || host === name.slice(1) : host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy URL that applies to `url`, if any. */
export function proxyFor(url: URL, settings: ProxySettings): string | undefined {
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  if (bypassesProxy(url.hostname, port, settings.noProxy)) return undefined;
  return url.protocol === 'https:' ? (settings.httpsProxy ?? settings.httpProxy) : settings.httpProxy;
}

/** One dispatcher per client: our CA list on every TLS hop, through a proxy when one is set. */
export function createDispatcher(opts: { secureContext: SecureContext; proxy: ProxySettings; connectTimeoutMs: number }): Dispatcher {
  // One secure context (our CA list, parsed once) for every TLS hop.
  const tls = { secureContext: opts.secureContext };
  if (opts.proxy.httpsProxy || opts.proxy.httpProxy) {
    return new EnvHttpProxyAgent({
      ...(opts.proxy.httpProxy ? { httpProxy: opts.proxy.httpProxy } : {}),
      ...(opts.proxy.httpsProxy ? { httpsProxy: opts.proxy.httpsProxy } : {}),
      noProxy: opts.proxy.noProxy ?? '',
      connect: { ...tls, timeout: opts.connectTimeoutMs },
      requestTls: tls,
      proxyTls: tls,
      connectTimeout: opts.connectTimeoutMs,
    });
  }
  return new Agent({ connect: { ...tls, timeout: opts.connectTimeoutMs } });
}
