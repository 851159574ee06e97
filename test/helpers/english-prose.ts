import { isMessage, type Message, type MessageParam } from '../../shared/messages';

/** Words of English prose that Russian text has no reason to contain. */
export const ENGLISH_PROSE = /(?<![\p{L}\p{N}_-])(?:the|an?|is|are|was|were|be|been|to|of|in|on|at|for|with|from|by|not|and|or|its?|this|that|has|have|does|can|cannot|could|will|would|no|runner|token|job|jobs|fails?|failed)(?![\p{L}\p{N}_-])/u;

/** Kubernetes kinds, written as they are in every language. */
const KEPT_TERMS = /\b(?:ConfigMap|Secret|Deployment)\b/g;

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
 * The prose of a text: without code spans, the runner's own messages quoted in "…", paths, file
 * names, GitLab's menu paths, links and the evidence's own values.
 */
export function prose(text: string, values: readonly string[]): string {
  let s = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) if (v) s = s.split(v).join(' ');
  return s
    .replace(/`[^`]*`|"[^"]*"/g, ' ')
    .replace(/\S*\/\S*|\S*\w\.\w\S*/g, ' ')
    .replace(/[A-Za-z]+(?: [A-Za-z]+)*(?: [>→] [A-Za-z]+(?: [A-Za-z]+)*)+/g, ' ');
}

/**
 * What is left of English in a message rendered in Russian: undefined when it reads as Russian
 * (or only names something, as "Secret {{name}}" does), else why not. `format` renders the
 * message from its catalog in a language.
 */
export function englishLeft(m: Message, format: (m: Message, lang: 'en' | 'ru') => string): string | undefined {
  const ru = format(m, 'ru');
  const values = paramValues(m);
  if (!/\p{L}{3}/u.test(prose(format(m, 'en'), values).replace(KEPT_TERMS, ' '))) return undefined;
  if (ru === format(m, 'en')) return `${m.key}: the same as in English: "${ru}"`;
  const text = prose(ru, values);
  const word = ENGLISH_PROSE.exec(text);
  if (word) return `${m.key}: English "${word[0]}" left in "${ru}"`;
  if (/\p{L}{3}/u.test(text) && !/\p{Script=Cyrillic}/u.test(text)) return `${m.key}: no Russian in "${ru}"`;
  return undefined;
}
