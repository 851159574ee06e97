import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/findings';
import { analyze } from '../../../electron/core/diagnosis/analyze';
import { folderReader } from '../../../electron/core/evidence/folder-reader';
import { textFor } from '../../../shared/i18n/text';
import { runCli } from '../../helpers/run-cli';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function logDir(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rd-requests-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'runner.log'), `${lines.join('\n')}\n`);
  return dir;
}

const findingsOf = async (lines: string[]): Promise<Finding[]> => (await analyze(await folderReader([logDir(lines)]))).findings;

const at = (minute: number, second = 0) => {
  const t = new Date(Date.UTC(2025, 10, 18, 9, 0, 0) + (minute * 60 + second) * 1000);
  return t.toISOString().replace('.000Z', 'Z');
};
const timeout = (t: string, ip = '10.20.1.7') =>
  `${t} WARNING: Checking for jobs... failed                runner=t1_Xk2P9 status=couldn't execute POST against https://gitlab.example.com/api/v4/jobs/request: dial tcp ${ip}:443: i/o timeout`;
const http500 = (t: string) => `${t} WARNING: Checking for jobs... failed                runner=t1_Xk2P9 status=POST https://gitlab.example.com/api/v4/jobs/request: 500 Internal Server Error`;
const received = (t: string, job: number) => `${t} Checking for jobs... received                       job=${job} repo_url=https://gitlab.example.com/app/api.git runner=t1_Xk2P9`;
const trace = (t: string, job: number) => `${t} Appending trace to coordinator...ok                 code=202 job=${job} job-status=running runner=t1_Xk2P9 status=202 Accepted`;

/** Trace updates every 30 s from `from` for `minutes`, as a running job sends them. */
const working = (from: number, minutes: number) => Array.from({ length: minutes * 2 }, (_, i) => trace(at(from, i * 30), 900 + from));

const requestsFailing = (findings: Finding[]) => findings.filter((f) => f.id === 'gitlab-requests-failing');

describe('gitlab-requests-failing: failed requests to GitLab are never left unsaid', () => {
  it('warns about failures that keep coming back between successful requests, with count, share, cause and times', async () => {
    const lines = [
      ...working(0, 5),
      timeout(at(5, 10)),
      received(at(5, 20), 7001),
      ...working(6, 5),
      timeout(at(11, 10), '10.20.1.8'),
      timeout(at(11, 13), '10.20.1.9'),
      ...working(12, 5),
      timeout(at(17, 10)),
      ...working(18, 5),
    ];
    const [f, ...more] = requestsFailing(await findingsOf(lines));
    expect(more).toEqual([]);
    expect(f?.severity).toBe('warning');
    expect(f?.title).toBe('Requests to GitLab fail intermittently');
    expect(f?.summary).toContain('4 requests to GitLab failed, out of 45 requests in the log (9% failed).');
    expect(f?.summary).toContain('First failure at 2025-11-18T09:05:10.000Z, last at 2025-11-18T09:17:10.000Z.');
    expect(f?.summary).toContain('connections to GitLab time out');
    expect(f?.summary).toContain('They came in 3 separate bursts with successful requests in between');
    expect(f?.evidence.map((e) => e.line)).toEqual(expect.arrayContaining([11, 23, 35]));
  });

  it('names what the runner logged when no known network cause explains the failures', async () => {
    const lines = [...working(0, 3), http500(at(3, 5)), ...working(4, 3), http500(at(7, 5)), ...working(8, 3), http500(at(11, 5)), ...working(12, 3)];
    const [f] = requestsFailing(await findingsOf(lines));
    expect(f?.severity).toBe('warning');
    expect(f?.summary).toContain('other failures, as the runner logged them (500 Internal Server Error)');
    expect(f?.fixes[0]?.manual).toContain('500 Internal Server Error');
  });

  it('says a single failed request among many successes as info, not as a warning and not as nothing', async () => {
    const lines = [...working(0, 20), timeout(at(20, 10)), ...working(21, 20)];
    const [f] = requestsFailing(await findingsOf(lines));
    expect(f?.severity).toBe('info');
    expect(f?.title).toBe('A request to GitLab failed');
    expect(f?.summary).toContain('1 request to GitLab failed, out of 81 requests in the log (1% failed).');
    expect(f?.summary).toContain('Requests worked again afterwards.');
  });

  it('keeps bursts spread over more than an hour at info: three GitLab restarts in a day are not a failing path', async () => {
    const lines = [...working(0, 2), timeout(at(2, 5)), ...working(3, 2), timeout(at(70, 5)), ...working(71, 2), timeout(at(140, 5)), ...working(141, 2)];
    const [f] = requestsFailing(await findingsOf(lines));
    expect(f?.severity).toBe('info');
    expect(f?.title).toBe('3 requests to GitLab failed briefly');
  });

  it('says when the log ends right after a failure that nothing shows GitLab answering again', async () => {
    const [f] = requestsFailing(await findingsOf([...working(0, 10), timeout(at(10, 5))]));
    expect(f?.severity).toBe('info');
    expect(f?.summary).toContain('The log ends before another request shows whether GitLab answered again.');
  });

  it('reports a lasting failure of no known cause as failing, and as an error while the log ends in it', async () => {
    const lines = [...working(0, 5), ...Array.from({ length: 8 }, (_, i) => http500(at(5 + i)))];
    const [f] = requestsFailing(await findingsOf(lines));
    expect(f?.severity).toBe('error');
    expect(f?.title).toBe('Requests to GitLab fail');
    expect(f?.summary).toContain('Nothing in the evidence shows requests working after them.');
  });

  it('leaves failures to gitlab-unreachable when they make an outage: one finding per problem', async () => {
    const lines = [...working(0, 5), ...Array.from({ length: 8 }, (_, i) => timeout(at(5 + i))), received(at(14), 7002), ...working(15, 5)];
    const ids = (await findingsOf(lines)).map((f) => f.id);
    expect(ids).toContain('gitlab-unreachable');
    expect(ids).not.toContain('gitlab-requests-failing');
  });

  it('stays quiet on a log whose requests all work', async () => {
    expect(requestsFailing(await findingsOf([...working(0, 10), received(at(10, 5), 7003)]))).toEqual([]);
  });
});

describe('runner-doctor analyze on failed requests', () => {
  const none = textFor('en', 'cli')('findings.noneInLogs');

  it('never closes with "no log line reports a failure" when a line reported a failed request', async () => {
    const dir = logDir([...working(0, 20), timeout(at(20, 10)), ...working(21, 20)]);
    const r = await runCli(['analyze', join(dir, 'runner.log')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain(none);
    expect(r.stdout).toContain('INFO gitlab-requests-failing: A request to GitLab failed');
    expect(r.code).toBe(0);
  });

  it('exits 1 on intermittent failures and says so', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => (i % 10 === 3 ? timeout(at(i)) : trace(at(i), 4000 + i)));
    const r = await runCli(['analyze', join(logDir(lines), 'runner.log')]);
    expect(r.stdout).toContain('WARNING gitlab-requests-failing: Requests to GitLab fail intermittently');
    expect(r.code).toBe(1);
  });
});
