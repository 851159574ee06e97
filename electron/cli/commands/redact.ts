import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { forTerminal, warn } from '../terminal';
import { Redactor } from '../../core/evidence/redact/redactor';
import { RedactStream } from '../../core/evidence/redact/redact-stream';
import { openForReading } from '../../core/util/open-pipe';
import { UsageError } from '../usage';
import { cliText } from '../language';

/** `redact [FILE|-]`: the input on stdout with secrets replaced, streamed. */
export async function redactCommand(argv: string[]): Promise<number> {
  const text = cliText();
  if (argv.length > 1) throw new UsageError(text('redact.takesOne'));
  const file = argv[0] ?? '-';
  const info = file === '-' ? undefined : await stat(file).catch(() => undefined);
  if (file !== '-') {
    if (!info) throw new UsageError(text('args.noSuchFile', { path: file }));
    if (!info.isFile() && !info.isFIFO()) throw new UsageError(text('redact.notFile', { path: file }));
  }
  const input = file === '-' ? process.stdin : info?.isFIFO() ? createReadStream(file, { fd: await openForReading(file) }) : createReadStream(file);
  const redactor = new Redactor();
  // Into a file or a pipe the bytes go as they are; on a terminal, controls are shown escaped.
  const toTerminal = new Transform({ transform: (chunk: Buffer, _enc, done) => done(null, forTerminal(chunk.toString('utf8'))) });
  await pipeline(input, new RedactStream(redactor), ...(process.stdout.isTTY ? [toTerminal] : []), process.stdout);
  const summary = Object.entries(redactor.summary());
  if (process.stderr.isTTY && summary.length) {
    warn(`${text('redact.summary', { counts: summary.map(([rule, n]) => `${rule} ${n}`).join(', ') })}\n`);
  }
  return 0;
}
