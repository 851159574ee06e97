import { parseArgs } from 'node:util';
import { redactBundle } from '../../core/evidence/bundle/redact-bundle';
import { verifyBundle } from '../../core/evidence/bundle/verify-bundle';
import { errorMessage } from '../../core/util/abort';
import { say } from '../terminal';
import { UsageError } from '../usage';

const USAGE = 'use: bundle verify FILE.zip | bundle redact IN.zip --out OUT.zip';

/** `bundle verify FILE.zip`: exit 0 when intact, 1 with one line per problem otherwise. */
async function verify(argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (!file || rest.length) throw new UsageError('bundle verify takes one FILE.zip');
  const result = await verifyBundle(file).catch((err: unknown) => {
    throw new UsageError(errorMessage(err));
  });
  if (result.ok) {
    say(`${file}: OK (${result.format}, ${result.checked} files verified)\n`);
    return 0;
  }
  say(`${file}: FAILED (${result.problems.length} problems)\n${result.problems.map((p) => `  ${p}\n`).join('')}`);
  return 1;
}

/** `bundle redact IN.zip --out OUT.zip`: the bundle again, through today's redaction rules. */
async function redact(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { out: { type: 'string', short: 'o' } }, allowPositionals: true, strict: true });
  const [input, ...rest] = positionals;
  if (!input || rest.length) throw new UsageError('bundle redact takes one IN.zip and --out OUT.zip');
  if (!values.out) throw new UsageError('bundle redact needs --out OUT.zip (the original is never overwritten)');
  // Re-redacting re-hashes every file: a tampered bundle would come out verifying. Refuse it.
  const check = await verifyBundle(input).catch((err: unknown) => {
    throw new UsageError(errorMessage(err));
  });
  if (!check.ok) {
    throw new UsageError(`${input} does not verify (${check.problems.length} problems, e.g. ${check.problems[0] ?? '?'}); not re-redacting it into a bundle that would. See: runner-doctor bundle verify ${input}`);
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const result = await redactBundle(input, values.out, { signal: controller.signal }).catch((err: unknown) => {
      throw new UsageError(errorMessage(err));
    });
    const counts = Object.entries(result.summary).map(([rule, n]) => `${rule} ${n}`).join(', ');
    say(`${result.path}: ${result.files} files, ${result.redactions ? `${result.redactions} more secrets redacted (${counts})` : 'nothing more to redact'}\n`);
    if (result.dropped.length) say(`Left out (not in the manifest): ${result.dropped.join(', ')}\n`);
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
  throw new UsageError(`unknown bundle command${sub ? ` ${JSON.stringify(sub)}` : ''}; ${USAGE}`);
}
