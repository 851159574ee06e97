import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeExportValue, decodeJournalMessage, journalBytesDecoder } from '../../../electron/core/diagnosis/scan/journal-bytes';
import { stripAnsi } from '../../../electron/core/diagnosis/scan/fields';
import { emptyFacts } from '../../../electron/core/diagnosis/facts';
import { scanLog } from '../../../electron/core/diagnosis/scan/scan-log';

const bytes = (s: string) => [...Buffer.from(s)].join(',');
const COLOURED = '\u001b[31;1mERROR: Checking for jobs... forbidden\u001b[0;m  \u001b[31;1mrunner\u001b[0;m=t2_Aa1Bb';

describe('journald MESSAGE byte arrays', () => {
  it('spells out a json line as valid JSON without the colour codes', () => {
    const line = `{"__CURSOR":"s=1","_SYSTEMD_UNIT":"gitlab-runner.service","MESSAGE":[${bytes(COLOURED)}],"_PID":"911"}`;
    const out = decodeJournalMessage(line);
    expect(JSON.parse(out)).toMatchObject({ MESSAGE: 'ERROR: Checking for jobs... forbidden  runner=t2_Aa1Bb', _PID: '911' });
  });

  it('spells out a json-pretty field line and leaves string messages alone', () => {
    expect(decodeJournalMessage(`\t"MESSAGE" : [ ${bytes('Job failed: exit code 1').replace(/,/g, ', ')} ],`)).toBe('\t"MESSAGE" : "Job failed: exit code 1",');
    const plain = '{"MESSAGE":"Configuration loaded"}';
    expect(decodeJournalMessage(plain)).toBe(plain);
  });

  it('replaces invalid UTF-8 rather than dropping the line', () => {
    expect(JSON.parse(decodeJournalMessage('{"MESSAGE":[69,82,82,255,79,82]}')).MESSAGE).toBe('ERR\ufffdOR');
  });

  it('lets the scanner find the runner words, at the line they are on, whatever the chunking', async () => {
    const text = ['{"MESSAGE":"Configuration loaded","_SYSTEMD_UNIT":"gitlab-runner.service","__CURSOR":"s=1"}', `{"MESSAGE":[${bytes(COLOURED)}],"_SYSTEMD_UNIT":"gitlab-runner.service","__CURSOR":"s=2"}`, ''].join('\n');
    const chunks = [text.slice(0, 130), text.slice(130, 140), text.slice(140)].map((c) => Buffer.from(c));
    const facts = emptyFacts();
    await scanLog('journal.json', pipeline(Readable.from(chunks), journalBytesDecoder(), () => undefined), facts);
    const [m] = facts.logMatches.get('checking-jobs-forbidden') ?? [];
    expect(m?.line).toBe(2);
    expect(facts.logSpans.get('journal.json')!.lines).toBe(2);
  });
});

/** A field of `journalctl -o export` in its binary form: name, newline, length (LE 64-bit), bytes, newline. */
function binaryField(name: string, value: Buffer): Buffer {
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(value.length));
  return Buffer.concat([Buffer.from(`${name}\n`), length, value, Buffer.from('\n')]);
}

/** The decoder's output for `input` cut at `cuts`. */
async function decoded(input: Buffer, cuts: number[] = []): Promise<string> {
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...points, input.length].slice(1).map((end, i, all) => input.subarray(i === 0 ? 0 : all[i - 1], end));
  const out: Buffer[] = [];
  for await (const c of pipeline(Readable.from(chunks), journalBytesDecoder(), () => undefined)) out.push(c as Buffer);
  return Buffer.concat(out).toString('utf8');
}

const entry = (fields: Buffer[]) => Buffer.concat([...fields, Buffer.from('\n')]);
const text = (s: string) => Buffer.from(`${s}\n`);

describe('journalctl -o export binary fields', () => {
  it('reads a coloured MESSAGE at the line its bytes start on, and numbers the lines after it as the file does', async () => {
    const file = Buffer.concat([
      entry([text('__CURSOR=s=1'), text('_SYSTEMD_UNIT=gitlab-runner.service'), text('MESSAGE=Configuration loaded')]),
      entry([text('__CURSOR=s=2'), text('_SYSTEMD_UNIT=gitlab-runner.service'), binaryField('MESSAGE', Buffer.from(COLOURED)), text('_PID=911')]),
    ]);
    const facts = emptyFacts();
    await scanLog('journal.export', pipeline(Readable.from([file]), journalBytesDecoder(), () => undefined), facts);
    const [m] = facts.logMatches.get('checking-jobs-forbidden') ?? [];
    // Line 7 is `MESSAGE`; the length and the value start line 8.
    expect(m?.line).toBe(8);
    expect(m?.excerpt).toBe('ERROR: Checking for jobs... forbidden  runner=t2_Aa1Bb');
    expect(facts.logSpans.get('journal.export')!.lines).toBe(file.toString('latin1').split('\n').length - 1);
  });

  it('keeps line numbers when the length itself holds a newline byte, and when the value does', async () => {
    // A 10-byte value: its length starts with byte 10, a newline in the file.
    const ten = Buffer.from('Job failed');
    const multi = Buffer.from('\u001b[31mERROR: one\ntwo\u001b[0m');
    const file = Buffer.concat([entry([text('__CURSOR=s=1'), binaryField('MESSAGE', ten)]), entry([binaryField('MESSAGE', multi), text('_PID=1')])]);
    const out = await decoded(file);
    expect(out.split('\n').length).toBe(file.toString('latin1').split('\n').length);
    expect(out.split('\n')).toEqual(['__CURSOR=s=1', 'MESSAGE', '', 'Job failed', '', 'MESSAGE', 'ERROR: one', 'two', '_PID=1', '', '']);
  });

  it('passes on what only looks like a binary field: a MESSAGE line whose length does not fit', async () => {
    const file = Buffer.from('MESSAGE=x\n\nMESSAGE\nnot a length at all\n');
    expect(await decoded(file)).toBe(file.toString('utf8'));
    expect(decodeExportValue(Buffer.from('\u0003\u0000\u0000\u0000\u0000\u0000\u0000\u0000abcd'))).toBeUndefined();
  });

  it('decodes any export stream the same whatever its chunking, line for line', async () => {
    const bytes = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
    const colourful = fc.array(fc.constantFrom('ERROR: ', 'ok', '\u001b[31;1m', '\u001b[0;m', '\n', 'é', '"MESSAGE":[', '72,73]', 'MESSAGE\n'), { maxLength: 8 }).map((a) => Buffer.from(a.join('')));
    const field = fc.oneof(
      fc.record({ name: fc.constantFrom('MESSAGE', '_PID', 'SYSLOG_RAW'), value: fc.oneof(bytes, colourful) }).map(({ name, value }) => ({ raw: binaryField(name, value), name, value })),
      fc.constantFrom('MESSAGE=Checking for jobs... ok', '_PID=1', '__CURSOR=s=1;i=2', 'MESSAGE', '{"MESSAGE":[69,82]}').map((t) => ({ raw: text(t), name: '', value: Buffer.alloc(0) })),
    );
    const stream = fc.array(fc.array(field, { maxLength: 5 }), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(stream, fc.array(fc.nat(), { maxLength: 6 }), async (entries, cuts) => {
        const file = Buffer.concat(entries.map((fields) => entry(fields.map((f) => f.raw))));
        const whole = await decoded(file);
        expect(await decoded(file, cuts)).toBe(whole);
        // Line for line: as many lines as the file, and each binary MESSAGE's text where its bytes start.
        const lines = whole.split('\n');
        expect(lines.length).toBe(file.toString('latin1').split('\n').length);
        let line = 0;
        for (const fields of entries) {
          for (const f of fields) {
            if (f.name === 'MESSAGE') {
              const length = f.raw.subarray(8, 16);
              const at = line + 1 + length.filter((b) => b === 10).length;
              const value = stripAnsi(f.value.toString('utf8'));
              expect(lines.slice(at, at + value.split('\n').length).join('\n')).toBe(value);
            }
            line += f.raw.filter((b) => b === 10).length;
          }
          line += 1;
        }
      }),
      { numRuns: 300 },
    );
  });
});
