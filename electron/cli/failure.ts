import { Redactor } from '../core/evidence/redact/redactor';
import { redactText } from '../core/evidence/redact/redact-stream';
import { errorMessage } from '../core/util/abort';
import { isMachineFailure } from '../core/util/network-failure';
import { warn } from './terminal';
import { EXIT, UsageError } from './usage';
import { cliText, errorInLanguage } from './language';
import { argsError, isArgsError } from './args-error';

/** Set to 1 to see the full stack of an unexpected error (for a bug report). */
export const DEBUG_ENV = 'RUNNER_DOCTOR_DEBUG';

// Errors that describe the user's input or machine, already worded for a person.
const KNOWN_NAMES = ['UsageError', 'KubeconfigError', 'SshConfigError', 'SshTargetError', 'PlanError', 'BundleError', 'NotReadableError', 'TempFolderError'];

/**
 * The last word on a command that failed: always one line on stderr and exit 2 (CONTRACTS §1:
 * no stack trace). An unexpected error says what failed, where it was raised and how to report
 * it; its stack is printed only with RUNNER_DOCTOR_DEBUG=1.
 */
export function reportFailure(err: unknown, command = ''): number {
  const known = err instanceof UsageError || (err instanceof Error && KNOWN_NAMES.includes(err.name));
  if (isArgsError(err)) {
    warn(`runner-doctor: ${argsError(err).message}\n`);
    return EXIT.usage;
  }
  if (known || isMachineFailure(err)) {
    warn(`runner-doctor: ${errorInLanguage(err)}\n`);
    return EXIT.usage;
  }
  const kind = err instanceof Error ? err.name : typeof err;
  const where = err instanceof Error ? raisedAt(err) : undefined;
  const text = cliText();
  const line = text('internalError', {
    command: command ? ` ${command}` : '',
    kind,
    where: where ? text('internalError.where', { where }) : '',
    message: oneLine(errorMessage(err)),
    debug: DEBUG_ENV,
  });
  warn(`${line}\n`);
  if (process.env[DEBUG_ENV] === '1' && err instanceof Error && err.stack) warn(`${redactText(new Redactor(), err.stack).text}\n`);
  return EXIT.usage;
}

/** Messages may quote the input (a parser's error does): redacted, on one line. */
function oneLine(text: string): string {
  return redactText(new Redactor(), text.replace(/\s*\n\s*/g, ' ').trim()).text;
}

/** The innermost frame in Runner Doctor's own code, as `function (file:line)` without the folders. */
function raisedAt(err: Error): string | undefined {
  for (const line of err.stack?.split('\n') ?? []) {
    const m = line.match(/^\s+at (?:(\S+) \()?(?!node:)[^()]*?([^/\\\s()]+:\d+):\d+\)?\s*$/);
    if (m) return m[1] ? `${m[1]} (${m[2]})` : m[2];
  }
  return undefined;
}
