import { errorMessage } from '../core/util/abort';
import { cliLanguage, cliText } from './language';
import { UsageError } from './usage';

/**
 * Node's parseArgs errors, by code and the option they name, in the CLI's words. English keeps
 * Node's own sentence as it is; another language words the same mistake from the catalog.
 */
const FORMS: readonly { code: string; pattern: RegExp; key: string }[] = [
  { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION', pattern: /^Unknown option '([^']+)'\. To specify a positional/, key: 'args.unknownOptionPositional' },
  { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION', pattern: /^Unknown option '([^']+)'$/, key: 'args.unknownOption' },
  { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', pattern: /^Unexpected argument '([^']*)'/, key: 'args.unexpectedArgument' },
  { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', pattern: /^Option '([^' ]+) <value>' argument missing$/, key: 'args.missingValue' },
  { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', pattern: /^Option '(?:-\w, )?([^' ]+)' does not take an argument$/, key: 'args.takesNoValue' },
  { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', pattern: /^Option '([^' ]+)' argument is ambiguous/, key: 'args.ambiguousValue' },
];

/** Whether an error is one of parseArgs' (an unknown option, a missing value…): the user's mistake. */
export function isArgsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** A parseArgs error as a usage error in the language of the text output. */
export function argsError(err: unknown): UsageError {
  const message = errorMessage(err);
  const lang = cliLanguage();
  if (lang === 'en' || !isArgsError(err)) return new UsageError(message);
  const code = (err as { code: string }).code;
  for (const form of FORMS) {
    const m = form.code === code ? message.match(form.pattern) : null;
    if (m) return new UsageError(cliText(lang)(form.key, { option: m[1] }));
  }
  return new UsageError(message);
}
