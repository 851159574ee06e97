import type { IncomingMessage, ServerResponse } from 'node:http';

export type Params = Record<string, string>;
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Params, url: URL) => void | Promise<void>;

interface Route {
  method: string;
  parts: string[];
  handler: RouteHandler;
}

/** A tiny path router (`/api/v4/runners/:id`) for the lab's API servers; no framework needed. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** Returns false when no route matched, so the caller answers 404 in its API's own shape. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    for (const route of this.routes) {
      if (route.method !== req.method || route.parts.length !== segs.length) continue;
      const params: Params = {};
      const hit = route.parts.every((p, i) => {
        const seg = segs[i] as string;
        if (p.startsWith(':')) {
          params[p.slice(1)] = seg;
          return true;
        }
        return p === seg;
      });
      if (hit) {
        await route.handler(req, res, params, url);
        return true;
      }
    }
    return false;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

export async function readBody(req: IncomingMessage, maxBytes = 4 * 1024 * 1024): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON or form-encoded body, as GitLab accepts both. */
export async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (!text) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  return Object.fromEntries(new URLSearchParams(text));
}
