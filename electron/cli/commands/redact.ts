import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Redactor } from '../../core/evidence/redact/redactor';
import { RedactStream } from '../../core/evidence/redact/redact-stream';
import { UsageError } from '../usage';

/** `redact [FILE|-]`: the input on stdout with secrets replaced, streamed. */
export async function redactCommand(argv: string[]): Promise<number> {
  if (argv.length > 1) throw new UsageError('redact takes one FILE, or - for standard input');
  const file = argv[0] ?? '-';
  if (file !== '-') {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`${file}: no such file`);
  }
  const input = file === '-' ? process.stdin : createReadStream(file);
  const redactor = new Redactor();
  await pipeline(input, new RedactStream(redactor), process.stdout);
  const summary = Object.entries(redactor.summary());
  if (process.stderr.isTTY && summary.length) {
    process.stderr.write(`redacted: ${summary.map(([rule, n]) => `${rule} ${n}`).join(', ')}\n`);
  }
  return 0;
}
