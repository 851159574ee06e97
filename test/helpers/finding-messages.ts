import { TEXT_CATALOGS, formatMessage, formatSentences } from '../../shared/i18n/text';
import { LANGUAGES } from '../../shared/i18n';
import type { Finding } from '../../shared/findings';
import { isMessage, type Message, type MessageParam } from '../../shared/messages';

/** Every message in a finding, its fixes and the messages nested in their parameters. */
export function messagesOf(f: Finding): Message[] {
  const out: Message[] = [];
  const walk = (p: MessageParam | undefined) => {
    if (p === undefined || typeof p === 'string' || typeof p === 'number') return;
    if (isMessage(p)) {
      out.push(p);
      for (const v of Object.values(p.params ?? {})) walk(v);
    } else for (const item of p.list) walk(item);
  };
  const m = f.messages;
  if (m) [m.title, ...m.summary, m.label, ...(m.ruledOut ?? []), m.versions, m.subject].forEach(walk);
  for (const x of f.fixes) if (x.messages) [x.messages.title, x.messages.manual].forEach(walk);
  return out;
}

const hasKey = (lang: (typeof LANGUAGES)[number], key: string, count: boolean) =>
  count ? Object.keys(TEXT_CATALOGS[lang].findings).some((k) => k === key || k.startsWith(`${key}_`)) : key in TEXT_CATALOGS[lang].findings;

/**
 * What is wrong with a finding's message ids: a key missing in a language, a text left with
 * `{{…}}` unfilled, or English fields (the subject too) that differ from the English the messages render to.
 */
export function messageProblems(f: Finding): string[] {
  const problems: string[] = [];
  if (!f.messages) return [`${f.id}: no message ids`];
  for (const x of f.fixes) if (!x.messages) problems.push(`${f.id}: fix ${x.id} has no message ids`);
  for (const m of messagesOf(f)) {
    for (const lang of LANGUAGES) if (!hasKey(lang, m.key, m.params?.count !== undefined)) problems.push(`${f.id}: ${m.key} missing in ${lang}`);
  }
  for (const lang of LANGUAGES) {
    const texts = [formatMessage(f.messages.title, lang), formatSentences(f.messages.summary, lang), ...(f.messages.ruledOut ?? []).map((r) => formatMessage(r, lang))];
    for (const t of texts) if (/\{\{|\}\}/.test(t)) problems.push(`${f.id}: unfilled parameter in ${lang}: ${t}`);
  }
  if (formatMessage(f.messages.title) !== f.title) problems.push(`${f.id}: title differs from its message`);
  if (formatSentences(f.messages.summary) !== f.summary) problems.push(`${f.id}: summary differs from its message`);
  if (f.messages.versions && formatMessage(f.messages.versions) !== f.versions) problems.push(`${f.id}: versions differ from their message`);
  // The subject stays the English key fixes and links compare; its message is only how it is shown.
  if (f.subject !== undefined && !f.messages.subject) problems.push(`${f.id}: subject "${f.subject}" has no message`);
  if (f.messages.subject && formatMessage(f.messages.subject) !== f.subject) problems.push(`${f.id}: subject differs from its message`);
  for (const x of f.fixes) if (x.messages && formatMessage(x.messages.title) !== x.title) problems.push(`${f.id}: fix ${x.id} title differs from its message`);
  return problems;
}
