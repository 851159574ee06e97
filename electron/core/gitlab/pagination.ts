/** `<url>; rel="next"` from an RFC 8288 Link header. */
export function linkRel(link: string | undefined, rel: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && new RegExp(`(?:^|;)\\s*rel="?(?:[^";]*\\s)?${rel}(?:\\s[^";]*)?"?\\s*(?:;|$)`).test(m[2] ?? '')) return m[1];
  }
  return undefined;
}

/**
 * The URL of the next page, or undefined on the last one. GitLab sends `x-next-page` for
 * offset pagination and only `Link` for keyset pagination; totals are never used. A Link
 * that leaves the instance is ignored, so the token is never sent elsewhere.
 */
export function nextPageUrl(current: string, headers: Record<string, string>, base: string): string | undefined {
  const next = headers['x-next-page'];
  if (next !== undefined && next.trim() !== '') {
    if (!/^\d+$/.test(next.trim())) return undefined;
    const u = new URL(current);
    u.searchParams.set('page', next.trim());
    return u.toString();
  }
  if (next !== undefined) return undefined;
  const link = linkRel(headers.link, 'next');
  if (!link) return undefined;
  const u = new URL(link, current);
  const b = new URL(base);
  if (u.origin !== b.origin || !u.pathname.startsWith(`${b.pathname.replace(/\/$/, '')}/api/v4/`)) return undefined;
  return u.toString();
}
