import { createReadStream, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFacts } from '../../../electron/core/diagnosis/analyze';
import { emptyFacts, type Facts } from '../../../electron/core/diagnosis/facts';
import { runLogScan, type LogScanMessage } from '../../../electron/core/diagnosis/scan/log-scan-task';
import { activeSignatures, hintSet, prepareSignatures, replayLog, scanLog } from '../../../electron/core/diagnosis/scan/scan-log';
import { folderReader } from '../../../electron/core/evidence/folder-reader';
import type { EvidenceReader } from '../../../electron/core/evidence/reader';

/*
 * The byte pass of a log may run on a worker thread (log-scan-task.ts), its lines matched on the
 * calling thread (replayLog). Here both halves run on this thread, the messages copied as a
 * thread would copy them: the facts must come out as scanLog's, whatever the log holds.
 */

const CASES = resolve(__dirname, '../../fixtures/cases');
const LINE_KINDS = new Set(['runner-log', 'job-log', 'systemctl-status']);

async function viaWorkerHalves(file: string, path: string, facts: Facts): Promise<void> {
  const prepared = prepareSignatures(activeSignatures(facts));
  const messages: LogScanMessage[] = [];
  await runLogScan({ ...hintSet(prepared), path, file }, (m) => messages.push(structuredClone(m)));
  await replayLog(file, facts, prepared, (async function* () {
    yield* messages;
  })());
}

/** Facts from the files of `reader` that are not logs (what log scans may depend on). */
function withoutLogs(reader: EvidenceReader): EvidenceReader {
  return { entries: () => reader.entries().filter((e) => !LINE_KINDS.has(e.kind) && e.kind !== 'journal'), open: (p) => reader.open(p) };
}

/** What log scans add to the facts. */
function fromLogs(facts: Facts): Partial<Facts> {
  const { logMatches, logMatchCounts, failures, logSpans, problems } = facts;
  return { logMatches, logMatchCounts, failures, logSpans, problems };
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'log-scan-replay-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a log scan split between a worker and this thread finds what one scan finds', () => {
  it.each(readdirSync(CASES).sort())('corpus case %s', async (name) => {
    const dir = join(CASES, name, 'evidence');
    const reader = await folderReader([dir]);
    const logs = reader.entries().filter((e) => LINE_KINDS.has(e.kind));
    const one = await collectFacts(withoutLogs(reader));
    const split = await collectFacts(withoutLogs(reader));
    for (const entry of logs) {
      await scanLog(entry.path, createReadStream(join(dir, entry.path)), one);
      await viaWorkerHalves(entry.path, join(dir, entry.path), split);
    }
    expect(fromLogs(split)).toEqual(fromLogs(one));
  });

  it('on logs of several chunks: lines across chunks, fields on the next line, counted requests, over-long lines, CRLF, no last newline', async () => {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < 3.5 * (1 << 20); i++, size = lines.length * 150 + Math.floor(i / 1300) * 300 * 1024) {
      const ts = new Date(Date.UTC(2025, 2, 4, 10, 0, i)).toISOString();
      lines.push(`${ts} Checking for jobs... received                       job=${48_000_000 + i} repo_url=https://gitlab.example.com/g/p.git runner=t1_Xk2P9`);
      if (i % 7 === 0) lines.push(`${ts} WARNING: Checking for jobs... failed                runner=t1_Xk2P9 status=couldn't execute POST against https://gitlab.example.com/api/v4/jobs/request: dial tcp 10.20.0.${i % 255}:443: i/o timeout`);
      if (i % 500 === 3) lines.push(`${ts} ERROR: Couldn't save new system ID on state file     error=open /etc/gitlab-runner/.runner_system_id: read-only file system`, `  state_file=/etc/gitlab-runner/.runner_system_id system_id=r_${i}`);
      if (i % 900 === 5) lines.push(`${ts} Couldn't save new system ID on state file`, `${ts} Job succeeded duration_s=3 job=${i}\r`);
      if (i % 1300 === 11) lines.push(`${ts} ERROR: ${'x'.repeat(300 * 1024)} no space left on device`);
      if (i % 20 === 9) lines.push(`${ts} Submitting job to coordinator...ok  code=200 job=${i} Job failed: exit code 1`);
    }
    const path = join(work, 'runner.log');
    await writeFile(path, lines.join('\n'));
    const one = emptyFacts();
    const split = emptyFacts();
    await scanLog('runner.log', createReadStream(path, { highWaterMark: 1 << 20 }), one);
    await viaWorkerHalves('runner.log', path, split);
    expect(one.logMatches.size).toBeGreaterThan(2);
    expect(one.logSpans.get('runner.log')?.successes).toBeGreaterThan(1000);
    expect(fromLogs(split)).toEqual(fromLogs(one));
  });

  // The worker reads the next chunk while it scans one: a log ending at, just before or just
  // after a chunk's end must still be read whole, its last line and line count as one scan finds them.
  it.each([(1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 << 20, (3 << 20) + 7, (5 << 20) - 200])('on a log of %i bytes', async (bytes) => {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < bytes - 200; i++) {
      const ts = new Date(Date.UTC(2025, 2, 4, 10, 0, i)).toISOString();
      const failed = `${ts} WARNING: Checking for jobs... failed runner=t1_Xk2P9 status=502 Bad Gateway`;
      const line = i % 9 === 4 ? failed : `${ts} Checking for jobs... received job=${i} runner=t1_Xk2P9`;
      lines.push(line);
      size += line.length + 1;
    }
    const last = `${new Date(Date.UTC(2025, 2, 5)).toISOString()} ERROR: Job failed: exit code 1 `;
    const text = `${lines.join('\n')}\n${last.padEnd(bytes - size, 'x')}`;
    expect(text.length).toBe(bytes);
    const path = join(work, `runner-${bytes}.log`);
    await writeFile(path, text);
    const one = emptyFacts();
    const split = emptyFacts();
    await scanLog('runner.log', createReadStream(path, { highWaterMark: 1 << 20 }), one);
    await viaWorkerHalves('runner.log', path, split);
    expect(one.logSpans.get('runner.log')?.lines).toBe(lines.length + 1);
    expect(one.logSpans.get('runner.log')?.end?.time).toBe('2025-03-05T00:00:00.000Z');
    expect(fromLogs(split)).toEqual(fromLogs(one));
  });
});
