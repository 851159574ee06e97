import type { TFunction } from 'i18next';
import { isLanguage, languageFor, LANGUAGES, type Language } from '../../shared/i18n/languages';
import { formatError, textFor, textIn } from '../../shared/i18n/text';
import type { Message } from '../../shared/messages';
import { errorMessage } from '../core/util/abort';
import { failureText } from '../core/util/network-failure';
import { UsageError } from './usage';

let chosen: Language | undefined;

/**
 * Takes `--lang en|ru` (or `--lang=ru`) out of a command's arguments, so every command accepts
 * it; what is left goes to the command's own parser.
 */
export function takeLanguageOption(argv: readonly string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const value = arg === '--lang' ? argv[++i] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
    if (value === undefined && arg !== '--lang') {
      rest.push(arg);
      continue;
    }
    if (!isLanguage(value)) throw new UsageError(cliText()('lang.invalid', { languages: LANGUAGES.join(', ') }));
    chosen = value;
  }
  return rest;
}

/** The language of the text output and the reports: `--lang`, else the locale (LC_ALL, LC_MESSAGES, LANG, in POSIX order). */
export function cliLanguage(): Language {
  const env = process.env;
  return chosen ?? languageFor(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

/** The CLI's own words (errors, progress, notes, help) in the language of the text output. */
export function cliText(lang: Language = cliLanguage()): TFunction {
  return textFor(lang, 'cli');
}

/** A text that travels as English beside its message id: in the language of the text output where it has one. */
export function textInLanguage(english: string, text: Message | undefined, lang: Language = cliLanguage()): string {
  return textIn(english, text, lang);
}

/** What a bundle check found, one line each, in the language of the text output. */
export function problemsInLanguage(check: { problems: readonly string[]; problemTexts?: readonly Message[] }, lang: Language = cliLanguage()): string[] {
  return check.problems.map((p, i) => textInLanguage(p, check.problemTexts?.[i], lang));
}

/**
 * An error's text for the user: in the language of the text output when it carries a message
 * id; English is the error's own message (a library's sentence kept as it was).
 */
export function errorInLanguage(err: unknown): string {
  // A system error without words of its own (ENOENT…) is worded from its code.
  const text = failureText(err);
  const lang = cliLanguage();
  return text && lang !== 'en' ? formatError(text, lang) : errorMessage(err);
}
