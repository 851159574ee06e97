import { isMessage, type Message, type MessageParam } from '../../shared/messages';

/** Words of English prose that Russian text has no reason to contain (an engineer writes раннер, токен, под, неймспейс, джоба). */
export const ENGLISH_PROSE =
  /(?<![\p{L}\p{N}_-])(?:the|an?|is|are|was|were|be|been|to|of|in|on|at|for|with|from|by|not|and|or|its?|this|that|has|have|does|can|cannot|could|will|would|no|runner|token|job|jobs|fails?|failed|pods?|namespace|secret|requests?|logs?|image|cache|host|disk|memory|timeout|daemon|exit|code|online|offline|merge|pull|push|verify|scopes?|update|refused|expired|check)(?![\p{L}\p{N}_-])/iu;

/**
 * Names written in Latin letters in Russian too: products, Kubernetes kinds, files. The one
 * allow-list of the Russian checks; keys, commands, paths and placeholders are taken out by `prose`.
 */
const KEPT_TERMS = /(?<![\p{L}\p{N}_-])(?:Runner Doctor|GitLab Runner|GitLab|Kubernetes|Docker|Podman|Helm|ConfigMap|Secret|Deployment|Pod|StatefulSet|Event|ResourceQuota|Role|config\.toml)(?![\p{L}\p{N}_-])/gu;

/** A command line written out: from the command's name to the first Russian word or `;`. */
const COMMAND = /(?<![\p{L}\p{N}_-])(?:kubectl|systemctl|journalctl|gitlab-runner|docker|podman|helm|openssl|curl) [^;\p{Script=Cyrillic}]*/gu;

/** GitLab's menu paths: "Settings > CI/CD > Job token permissions". */
const MENU_PATH = /[A-Za-z][\w/-]*(?: [A-Za-z][\w/-]*)*(?: [>→] [A-Za-z][\w/-]*(?: [A-Za-z][\w/-]*)*)+/g;

/** The values a message carries from the evidence (names, versions, paths): not text to translate. */
export function paramValues(m: Message): string[] {
  const out: string[] = [];
  const walk = (p: MessageParam) => {
    if (typeof p === 'string') out.push(p);
    else if (typeof p === 'number') return;
    else if (isMessage(p)) Object.values(p.params ?? {}).forEach(walk);
    else p.list.forEach((i) => (typeof i === 'string' ? out.push(i) : walk(i)));
  };
  Object.values(m.params ?? {}).forEach(walk);
  return out;
}

/**
 * The prose of a text: without code spans, the runner's own messages quoted in "…" or «…», GitLab's
 * menu paths, commands, placeholders (`<namespace>`, `$TOKEN`), paths, file names, links, the
 * names kept in Latin letters and the evidence's own values.
 */
export function prose(text: string, values: readonly string[]): string {
  let s = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) if (v) s = s.split(v).join(' ');
  return s
    .replace(/`[^`]*`|"[^"]*"|«[^»]*»/g, ' ')
    .replace(MENU_PATH, ' ')
    .replace(COMMAND, ' ')
    .replace(/<[^>]*>|\$\w+/g, ' ')
    .replace(/\S*\/\S*|\S*\w\.\w\S*/g, ' ')
    .replace(KEPT_TERMS, ' ');
}

/**
 * What is left of English in a message rendered in Russian: undefined when it reads as Russian
 * (or only names something, as "Secret {{name}}" does), else why not. `format` renders the
 * message from its catalog in a language.
 */
export function englishLeft(m: Message, format: (m: Message, lang: 'en' | 'ru') => string): string | undefined {
  const ru = format(m, 'ru');
  const values = paramValues(m);
  if (!/\p{L}{3}/u.test(prose(format(m, 'en'), values))) return undefined;
  if (ru === format(m, 'en')) return `${m.key}: the same as in English: "${ru}"`;
  const text = prose(ru, values);
  const word = ENGLISH_PROSE.exec(text);
  if (word) return `${m.key}: English "${word[0]}" left in "${ru}"`;
  if (/\p{L}{3}/u.test(text) && !/\p{Script=Cyrillic}/u.test(text)) return `${m.key}: no Russian in "${ru}"`;
  return undefined;
}
