import i18next, { type i18n, type TFunction } from 'i18next';
import { findingKey, type Chain, type Finding, type FixRef } from '../findings';
import { chainText } from '../chains';
import { isMessage, type Message, type MessageParam, type TextError } from '../messages';
import findingsEn from './findings.en.json';
import findingsRu from './findings.ru.json';
import reportsEn from './reports.en.json';
import reportsRu from './reports.ru.json';
import cliEn from './cli.en.json';
import cliRu from './cli.ru.json';
import errorsEn from './errors.en.json';
import errorsRu from './errors.ru.json';
import fixesEn from './fixes.en.json';
import fixesRu from './fixes.ru.json';
import type { Language } from './languages';

/**
 * The catalogs of what the core writes: finding texts (`findings`), what the reports and the
 * CLI both say (`reports`: the summary line, severities), the CLI's own text output, errors
 * and help (`cli`), errors the core raises about a user's input (`errors`), and what fixes plan,
 * check and report (`fixes`). Flat keys; plural forms as i18next names them (`_one`, `_few`…).
 */
export const TEXT_CATALOGS: Record<Language, Record<TextNamespace, Record<string, string>>> = {
  en: { findings: findingsEn, reports: reportsEn, cli: cliEn, errors: errorsEn, fixes: fixesEn },
  ru: { findings: findingsRu, reports: reportsRu, cli: cliRu, errors: errorsRu, fixes: fixesRu },
};
export type TextNamespace = 'findings' | 'reports' | 'cli' | 'errors' | 'fixes';

let instance: i18n | undefined;

/** One i18next instance for the core, the CLI and the renderer's finding texts; built on first use. */
function translator(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: TEXT_CATALOGS,
      lng: 'en',
      fallbackLng: 'en',
      ns: ['findings', 'reports', 'cli', 'errors', 'fixes'],
      defaultNS: 'findings',
      keySeparator: false,
      nsSeparator: false,
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
  }
  return instance;
}

/**
 * Where a catalog's keys are looked up: errors and fixes each fall back to the other, because a
 * fix's outcome quotes the error that stopped it and a fix's error quotes a fix text (a token's kind).
 */
const LOOKUP: Record<TextNamespace, TextNamespace[]> = {
  findings: ['findings'],
  reports: ['reports'],
  cli: ['cli'],
  errors: ['errors', 'fixes'],
  fixes: ['fixes', 'errors'],
};

/** A translate function for one language and catalog. */
export function textFor(lang: Language, ns: TextNamespace = 'reports'): TFunction {
  return translator().getFixedT(lang, LOOKUP[ns]);
}

function formatParam(t: TFunction, value: MessageParam): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (isMessage(value)) return formatWith(t, value);
  const items = value.list.map((item) => (typeof item === 'string' ? item : formatWith(t, item)));
  if (value.join === 'sentences') return items.join(' ');
  if (value.join === 'lines') return items.join('\n');
  if (value.join === 'semicolon') return items.join(t('list.semicolon'));
  if (value.join === 'comma' || items.length < 2) return items.join(t('list.comma'));
  return `${items.slice(0, -1).join(t('list.comma'))}${t(`list.${value.join}`)}${items[items.length - 1]}`;
}

function formatWith(t: TFunction, m: Message): string {
  const params = Object.fromEntries(Object.entries(m.params ?? {}).map(([k, v]) => [k, formatParam(t, v)]));
  return t(m.key, params);
}

/** A message of one catalog in a language (English where the language lacks it). */
export function formatIn(m: Message, lang: Language, ns: TextNamespace): string {
  return formatWith(textFor(lang, ns), m);
}

/** A finding message in a language (English where the language lacks it). */
export function formatMessage(m: Message, lang: Language = 'en'): string {
  return formatWith(textFor(lang, 'findings'), m);
}

/** An error's text (`errors` catalog) in a language. */
export function formatError(m: Message, lang: Language = 'en'): string {
  return formatWith(textFor(lang, 'errors'), m);
}

/**
 * A text that travels in English with its message id beside it (a collection error, a progress
 * line, a bundle check's problem): in `lang` where it has an id, else the English as it came.
 */
export function textIn(english: string, text: Message | undefined, lang: Language): string {
  return text && lang !== 'en' ? formatError(text, lang) : english;
}

/** Sentences in order, as one paragraph. */
export function formatSentences(ms: readonly Message[], lang: Language = 'en'): string {
  return ms.map((m) => formatMessage(m, lang)).join(' ');
}

export function localizeFix(fix: FixRef, lang: Language): FixRef {
  if (!fix.messages || lang === 'en') return fix;
  const { title, manual } = fix.messages;
  return { ...fix, title: formatMessage(title, lang), ...(manual ? { manual: formatMessage(manual, lang) } : {}) };
}

/**
 * A finding with its texts in `lang`: English is what the analyzers wrote; a finding without
 * message ids (from an older bundle) keeps its English text.
 */
export function localizeFinding(f: Finding, lang: Language): Finding {
  if (lang === 'en') return f;
  const m = f.messages;
  return {
    ...f,
    ...(m
      ? {
          title: formatMessage(m.title, lang),
          summary: formatSentences(m.summary, lang),
          ...(m.label ? { label: formatMessage(m.label, lang) } : {}),
          ...(m.ruledOut ? { ruledOut: m.ruledOut.map((r) => formatMessage(r, lang)) } : {}),
          ...(m.versions ? { versions: formatMessage(m.versions, lang) } : {}),
        }
      : {}),
    fixes: f.fixes.map((x) => localizeFix(x, lang)),
  };
}

/**
 * What a finding is about, as `lang` shows it. `subject` itself stays the English key that fixes
 * and links compare; a finding without a subject message (older bundles) shows that key.
 */
export function subjectText(f: Pick<Finding, 'subject' | 'messages'>, lang: Language): string | undefined {
  return f.subject && f.messages?.subject ? formatMessage(f.messages.subject, lang) : f.subject;
}

export function localizeFindings(findings: readonly Finding[], lang: Language): Finding[] {
  return findings.map((f) => localizeFinding(f, lang));
}

/** Chains with their text and fixes in `lang`, from the same (localized) findings. */
export function localizeChains(chains: readonly Chain[], localized: readonly Finding[], lang: Language): Chain[] {
  if (lang === 'en') return [...chains];
  const byKey = new Map(localized.map((f) => [findingKey(f), f]));
  return chains.map((c) => {
    const members = c.keys.map((k) => byKey.get(k)).filter((f): f is Finding => !!f);
    return { ...c, text: members.length === c.keys.length ? chainText(members) : c.text, fixes: c.fixes.map((x) => localizeFix(x, lang)) };
  });
}

/** "9 findings: 6 errors, 3 warnings" — the one-line count every output starts with. */
export function findingsSummary(findings: readonly Finding[], lang: Language = 'en'): string {
  const t = textFor(lang);
  if (findings.length === 0) return t('summary.none');
  const parts = (['error', 'warning', 'info'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => t(`summary.${s}`, { count: n }));
  return t('summary.line', { findings: t('summary.findings', { count: findings.length }), parts: parts.join(t('list.comma')) });
}

/** Whether a finding's ruled-out entry says what was not checked (rather than a check made). */
export function isNotChecked(f: Finding, index: number): boolean {
  const m = f.messages?.ruledOut?.[index];
  return m ? m.key === 'common.notChecked' : (f.ruledOut?.[index] ?? '').startsWith('Not checked');
}

/** A text as it travels: its English, and its id and parameters beside it when it has them. */
export function textParts(message: string | Message): { message: string; text?: Message } {
  return typeof message === 'string' ? { message } : { message: formatError(message), text: message };
}

/**
 * An error worded either in English (a library's or a server's own sentence) or as a message
 * (`errors` catalog); `text` is set only for a message.
 */
export class WordedError extends Error {
  readonly text?: Message;
  constructor(message: string | Message) {
    const { message: english, text } = textParts(message);
    super(english);
    if (text) this.text = text;
  }
}

/**
 * An error whose text is a message (`errors` catalog), so that each reader words it in their
 * language; `message` is its English, or the English given (a library's own sentence, kept as it was).
 */
export class MessageError extends Error implements TextError {
  constructor(
    readonly text: Message,
    english?: string,
  ) {
    super(english ?? formatError(text));
  }
}
