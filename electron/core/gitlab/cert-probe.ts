import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import * as tls from 'node:tls';
import { proxyFor, type ProxySettings } from './proxy';

export interface PresentedCertificate {
  subject: string;
  issuer: string;
  /** Top of the chain the server sent: the authority the user has to trust. */
  rootIssuer: string;
  selfSigned: boolean;
  validTo: string;
}

function dn(name: tls.Certificate | undefined): string {
  if (!name) return '';
  const parts = (['CN', 'OU', 'O', 'L', 'ST', 'C'] as const).flatMap((k) => {
    const v = (name as unknown as Record<string, string | string[] | undefined>)[k];
    return v === undefined ? [] : [`${k}=${Array.isArray(v) ? v.join('+') : v}`];
  });
  return parts.join(', ');
}

function describe(cert: tls.DetailedPeerCertificate): PresentedCertificate {
  let top = cert;
  for (let i = 0; i < 10 && top.issuerCertificate && top.issuerCertificate !== top; i++) top = top.issuerCertificate;
  return {
    subject: dn(cert.subject),
    issuer: dn(cert.issuer),
    rootIssuer: dn(top.issuer),
    selfSigned: dn(cert.subject) === dn(cert.issuer),
    validTo: cert.valid_to,
  };
}

function tunnel(proxyUrl: string, host: string, port: number, signal: AbortSignal): Promise<Socket> {
  const proxy = new URL(proxyUrl);
  if (proxy.protocol !== 'http:') return Promise.reject(new Error('only http:// proxies are probed'));
  const auth = proxy.username
    ? {
        'proxy-authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`,
      }
    : {};
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: proxy.hostname,
      port: Number(proxy.port) || 80,
      method: 'CONNECT',
      path: `${host}:${port}`,
      headers: { host: `${host}:${port}`, ...auth },
      signal,
    });
    req.once('connect', (res, socket) =>
      res.statusCode === 200 ? resolve(socket) : (socket.destroy(), reject(new Error(`proxy answered ${res.statusCode}`))),
    );
    req.once('error', reject);
    req.end();
  });
}

/**
 * Reads the certificate a server presents, without trusting it and without sending anything
 * over the connection, to name the issuer when verification failed. Undefined if unreachable.
 */
export async function probePresentedCertificate(
  url: string,
  proxy: ProxySettings,
  timeoutMs: number,
  parent?: AbortSignal,
): Promise<PresentedCertificate | undefined> {
  const u = new URL(url);
  if (u.protocol !== 'https:') return undefined;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(u.port) || 443;
  const signal = parent ? AbortSignal.any([parent, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  let socket: Socket | undefined;
  try {
    const viaProxy = proxyFor(u, proxy);
    socket = viaProxy ? await tunnel(viaProxy, host, port, signal) : undefined;
    const servername = /^[\d.]+$|:/.test(host) ? undefined : host;
    return await new Promise<PresentedCertificate | undefined>((resolve, reject) => {
      const conn = tls.connect({
        host,
        port,
        ...(socket ? { socket } : {}),
        ...(servername ? { servername } : {}),
        rejectUnauthorized: false,
        ALPNProtocols: ['http/1.1'],
      });
      const onAbort = () => conn.destroy(new Error('probe timed out'));
      signal.addEventListener('abort', onAbort, { once: true });
      conn.once('secureConnect', () => {
        const cert = conn.getPeerCertificate(true);
        signal.removeEventListener('abort', onAbort);
        conn.destroy();
        resolve(cert && Object.keys(cert).length ? describe(cert) : undefined);
      });
      conn.once('error', (err) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      });
    });
  } catch {
    return undefined;
  } finally {
    socket?.destroy();
  }
}
