import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { GitlabWorld, LabUser } from '../world';
import { authenticateUser, requireScope } from './gitlab-auth';

/** What every route of the local GitLab needs: the world, its own URL, the clock, auth. */
export interface GitlabContext {
  world: GitlabWorld;
  /** `https://127.0.0.1:port[/sub-path]`, as links and web_url show it. */
  base(): string;
  now(): Date;
  /** A request URL as clients see it (sub-path included), for Link headers. */
  publicUrl(url: URL): URL;
  /** Record count above which list totals are dropped (GitLab: 10,000); lowered in tests. */
  countLimit: number;
  /** The authenticated user with one of `scopes`, or undefined after answering 401/403. */
  user(req: IncomingMessage, res: ServerResponse, scopes?: readonly string[]): LabUser | undefined;
}

export function createContext(world: GitlabWorld, base: () => string, opts: { now?: () => Date; countLimit?: number } = {}): GitlabContext {
  const now = opts.now ?? (() => new Date());
  return {
    world,
    base,
    now,
    countLimit: opts.countLimit ?? 10_000,
    publicUrl: (url) => new URL(`${base()}${url.pathname}${url.search}`),
    user(req, res, scopes = []) {
      const user = authenticateUser(world, req, res, now());
      return user && requireScope(user, res, scopes) ? user : undefined;
    },
  };
}

/** A new token in GitLab's format: prefix plus 20 URL-safe characters. */
export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(15).toString('base64url').slice(0, 20)}`;
}

export const READ_API = ['api', 'read_api'] as const;
