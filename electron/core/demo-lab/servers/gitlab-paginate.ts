import type { ServerResponse } from 'node:http';
import { sendJson } from './http-router';

/**
 * Pages a list the way GitLab does. Offset pagination: page/per_page (max 100) with x-page,
 * x-next-page… and Link; above `countLimit` records x-total and x-total-pages are left out
 * (GitLab drops them past 10,000). `pagination=keyset`: a cursor and only a Link header.
 */
export function paginate<T>(res: ServerResponse, url: URL, items: T[], countLimit = 10_000): void {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20) || 20));
  const link = (params: Record<string, string>, rel: string) => {
    const u = new URL(url);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    u.searchParams.set('per_page', String(perPage));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  if (url.searchParams.get('pagination') === 'keyset') {
    const cursor = url.searchParams.get('cursor');
    const offset = cursor
      ? Number(
          Buffer.from(cursor, 'base64url')
            .toString('utf8')
            .replace(/^offset:/, ''),
        ) || 0
      : 0;
    const slice = items.slice(offset, offset + perPage);
    const next =
      offset + perPage < items.length ? link({ cursor: Buffer.from(`offset:${offset + perPage}`).toString('base64url') }, 'next') : '';
    sendJson(res, 200, slice, next ? { link: next } : {});
    return;
  }
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const counted = items.length <= countLimit;
  const headers: Record<string, string> = {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-next-page': page < totalPages ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
    ...(counted ? { 'x-total': String(items.length), 'x-total-pages': String(totalPages) } : {}),
  };
  const links = [
    page > 1 ? link({ page: String(page - 1) }, 'prev') : '',
    page < totalPages ? link({ page: String(page + 1) }, 'next') : '',
    link({ page: '1' }, 'first'),
    counted ? link({ page: String(totalPages) }, 'last') : '',
  ];
  headers.link = links.filter(Boolean).join(', ');
  sendJson(res, 200, slice, headers);
}
