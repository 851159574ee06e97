import type { Locator, Page } from 'playwright-core';

/**
 * Names a Russian engineer reads as they are: products, tools, file and protocol names. Anything
 * else in Latin letters on a Russian page is English the catalog missed.
 */
const TECHNICAL_NAMES = [
  'GitLab',
  'Runner',
  'Doctor',
  'Kubernetes',
  'Kubeconfig',
  'kubectl',
  'SSH',
  'HTTP',
  'HTTPS',
  'TLS',
  'API',
  'RBAC',
  'YAML',
  'JSON',
  'Markdown',
  'HTML',
  'ANSI',
  'CA',
  'PAT',
  'OpenSSH',
  'Docker',
  'Podman',
  'English',
  'Forbidden',
  'Unauthorized',
  'Bearer',
  'Helm',
  'Secret',
  'ConfigMap',
  'Deployment',
  'Pod',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'ServiceAccount',
  'ResourceQuota',
  'Enter',
  'Shift',
  'Ctrl',
  'Esc',
  'Escape',
  'Tab',
  'F3',
  'B',
  'KiB',
  'MiB',
  'GiB',
  'config',
];

/**
 * Visible texts on a Russian page (or in one part of it) that still hold English words. Quoted
 * evidence and technical names are left aside: code, pre, kbd and samp elements, anything marked
 * translate="no" or in another language (lang="en"), and words that are names of things
 * (a server's answer after its "HTTP 503:", paths, hosts, ids: with digits, dots, slashes, colons, dashes or underscores; all capitals;
 * the product and tool names above, and `names`: the test's own contexts, users, hosts). A text that
 * is one word alone is a name too (a context's heading, a namespace's checkbox).
 */
export async function englishLeft(page: Page, opts: { scope?: Locator; names?: readonly string[] } = {}): Promise<string[]> {
  const root = await (opts.scope ?? page.locator('body')).elementHandle();
  if (!root) return [];
  return root.evaluate((el, names) => {
    const allowed = new Set(names.map((n) => n.toLowerCase()));
    const skip = (node: Element | null): boolean => {
      for (let e = node; e; e = e.parentElement) {
        if (e.matches('code, pre, kbd, samp, script, style, [translate="no"], [aria-hidden="true"]')) return true;
        const lang = e.getAttribute('lang');
        if (lang) return !lang.startsWith('ru');
      }
      return false;
    };
    const found: string[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (!text || !/\s/.test(text) || !parent || skip(parent)) continue;
      if (!parent.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
      // Names of things: words holding digits, dots, slashes, colons, @, =, dashes or underscores, quoted names, URLs.
      const words = text
        .replace(/https?:\/\/\S+/g, ' ')
        // What a server answered, quoted after its status: its own words, not the app's.
        .replace(/HTTP \d{3}: .*$/, ' ')
        .replace(/"[^"]*"|«[^»]*»|'[^']*'|`[^`]*`/g, ' ')
        .split(/[\s,;()[\]{}!?…—–]+/)
        .map((w) => w.replace(/^[.:]+|[.:]+$/g, ''))
        .filter((w) => /[A-Za-z]/.test(w) && !/[0-9./:@=_~$\\*-]/.test(w) && !/^[A-Z]{2,}s?$/.test(w) && !allowed.has(w.toLowerCase()));
      if (words.length > 0) found.push(`${text}  [${words.join(' ')}]`);
    }
    return found;
  }, [...TECHNICAL_NAMES, ...(opts.names ?? [])]);
}
