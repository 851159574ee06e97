import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeJournalMessage, journalBytesDecoder } from '../../../electron/core/diagnosis/scan/journal-bytes';
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
