import { parseArgs } from 'node:util';
import { redactBundle } from '../../core/evidence/bundle/redact-bundle';
import { verifyBundle } from '../../core/evidence/bundle/verify-bundle';
import { say } from '../terminal';
import { UsageError } from '../usage';
import { argsError } from '../args-error';
import { cliText, errorInLanguage, problemsInLanguage } from '../language';

/** `bundle verify FILE.zip`: exit 0 when intact, 1 with one line per problem otherwise. */
async function verify(argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  const text = cliText();
  if (!file || rest.length) throw new UsageError(text('bundle.verifyTakesOne'));
  const result = await verifyBundle(file).catch((err: unknown) => {
    throw new UsageError(errorInLanguage(err));
  });
  if (result.ok) {
    say(`${text('bundle.ok', { file, format: result.format, count: result.checked })}\n`);
    return 0;
  }
  say(`${text('bundle.failed', { file, count: result.problems.length })}\n${problemsInLanguage(result).map((p) => `  ${p}\n`).join('')}`);
  return 1;
}

/** `bundle redact IN.zip --out OUT.zip`: the bundle again, through today's redaction rules. */
async function redact(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: 'string', short: 'o' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw argsError(err);
  }
  const { values, positionals } = parsed;
  const [input, ...rest] = positionals;
  const text = cliText();
  if (!input || rest.length) throw new UsageError(text('bundle.redactTakesOne'));
  if (!values.out) throw new UsageError(text('bundle.redactNeedsOut'));
  // Re-redacting re-hashes every file: a tampered bundle would come out verifying. Refuse it.
  const check = await verifyBundle(input).catch((err: unknown) => {
    throw new UsageError(errorInLanguage(err));
  });
  if (!check.ok) {
    throw new UsageError(text('bundle.refuseUnverified', { input, count: check.problems.length, first: problemsInLanguage(check)[0] ?? '?' }));
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const result = await redactBundle(input, values.out, { signal: controller.signal }).catch((err: unknown) => {
      throw new UsageError(errorInLanguage(err));
    });
    const counts = Object.entries(result.summary).map(([rule, n]) => `${rule} ${n}`).join(', ');
    const what = result.redactions ? text('bundle.moreRedacted', { count: result.redactions, counts }) : text('bundle.nothingMore');
    say(`${text('bundle.redacted', { path: result.path, files: text('bundle.files', { count: result.files }), what })}\n`);
    if (result.dropped.length) say(`${text('bundle.leftOut', { files: result.dropped.join(', ') })}\n`);
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

export async function bundleCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'verify') return verify(rest);
  if (sub === 'redact') return redact(rest);
  const text = cliText();
  throw new UsageError(text('bundle.unknown', { sub: sub ? ` ${JSON.stringify(sub)}` : '', usage: text('bundle.usage') }));
}
