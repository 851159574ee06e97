import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/findings';
import { analyze } from '../../../electron/core/diagnosis/analyze';
import { folderReader } from '../../../electron/core/evidence/folder-reader';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Analyzes a folder holding `files` (path → content), as `runner-doctor analyze DIR` would. */
async function findingsOf(files: Record<string, string>): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rd-fit-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return (await analyze(await folderReader([dir]))).findings;
}

const runnerJson = (id: number, description: string) =>
  JSON.stringify({
    gitlabApi: { method: 'GET', path: `/api/v4/runners/${id}`, status: 200, collectedAt: '2025-11-18T10:06:00.000Z' },
    body: { id, description, status: 'offline', online: false, contacted_at: '2025-11-18T07:00:00.000Z', runner_type: 'instance_type', is_shared: true },
  });

const config = (id: number, token: string, extra = '') => `concurrent = 2\n${extra}\n[[runners]]\n  name = "r${id}"\n  url = "https://gitlab.example.com/"\n  id = ${id}\n  token = "${token}"\n  executor = "shell"\n`;

describe('runner-offline blames a refused token only for 403s tied to that runner', () => {
  const files = {
    'gitlab/runners/61.json': runnerJson(61, 'ci-a'),
    'gitlab/runners/63.json': runnerJson(63, 'ci-b'),
    'ssh/ci-a/config.toml': config(61, 'glrt-t2_Aa1Bb2Cc3Dd4Ee5Ff6Gg'),
    'ssh/ci-a/journal.txt': [
      'Nov 18 08:00:01 ci-a gitlab-runner[911]: Configuration loaded                                builds=0 max_builds=2',
      'Nov 18 08:00:04 ci-a gitlab-runner[911]: ERROR: Checking for jobs... forbidden               runner=t2_Aa1Bb',
      'Nov 18 08:00:07 ci-a gitlab-runner[911]: ERROR: Checking for jobs... forbidden               runner=t2_Aa1Bb',
      '',
    ].join('\n'),
    'ssh/ci-b/config.toml': config(63, 'glrt-t2_Zz9Yy8Xx7Ww6Vv5Uu4Tt'),
    'ssh/ci-b/journal.txt': 'Nov 18 07:00:00 ci-b systemd[1]: Stopped GitLab Runner.\n',
  };

  it('says so for the runner whose host logged the 403s, citing one', async () => {
    const offline = (await findingsOf(files)).filter((f) => f.id === 'runner-offline');
    const a = offline.find((f) => f.subject === 'runner 61')!;
    const b = offline.find((f) => f.subject === 'runner 63')!;
    expect(a.summary).toContain('Its log shows GitLab refusing its token');
    expect(a.evidence.some((e) => e.file === 'ssh/ci-a/journal.txt' && e.line === 2)).toBe(true);
    expect(b.summary).not.toContain('refusing its token');
    expect(b.evidence.some((e) => e.file.startsWith('ssh/ci-a/'))).toBe(false);
  });

  it('does not guess when a loose log could be either of two runners', async () => {
    const offline = (
      await findingsOf({
        'runners-61.json': runnerJson(61, 'ci-a'),
        'runners-63.json': runnerJson(63, 'ci-b'),
        'runner.log': 'ERROR: Checking for jobs... forbidden               runner=Qq1Ww2Ee\nERROR: Checking for jobs... forbidden               runner=Qq1Ww2Ee\n',
      })
    ).filter((f) => f.id === 'runner-offline');
    expect(offline).toHaveLength(2);
    for (const f of offline) expect(f.summary).not.toContain('refusing its token');
  });

  it('ties a loose log to the only runner GitLab lists', async () => {
    const [offline] = (
      await findingsOf({
        'runners-61.json': runnerJson(61, 'ci-a'),
        'runner.log': 'ERROR: Checking for jobs... forbidden               runner=Qq1Ww2Ee\n',
      })
    ).filter((f) => f.id === 'runner-offline');
    expect(offline?.summary).toContain('Its log shows GitLab refusing its token');
  });
});

describe('long-polling-bottleneck with concurrent left at its default', () => {
  const twoRunners = (head: string) =>
    `${head}\n[[runners]]\n  name = "a"\n  url = "https://gitlab.example.com/"\n  token = "glrt-aaaaaaaaaaaaaaaaaaaa"\n  executor = "shell"\n  request_concurrency = 4\n\n[[runners]]\n  name = "b"\n  url = "https://gitlab.example.com/"\n  token = "glrt-bbbbbbbbbbbbbbbbbbbb"\n  executor = "shell"\n  request_concurrency = 4\n`;

  it('reports worker starvation when two [[runners]] share the default concurrent of 1', async () => {
    const [f] = (await findingsOf({ 'config.toml': twoRunners('check_interval = 0') })).filter((x) => x.id === 'long-polling-bottleneck');
    expect(f?.summary).toMatch(/'concurrent' \(not set, so the runner's default of 1\) is less than the number of runners \(2\)/);
    expect(f?.fixes.map((x) => x.title)).toContain('Raise concurrent above the number of [[runners]]');
    expect(f?.evidence[0]?.line).toBeGreaterThan(0);
  });

  it('stays quiet when concurrent covers the runners', async () => {
    const findings = await findingsOf({ 'config.toml': twoRunners('concurrent = 3') });
    expect(findings.map((x) => x.id)).not.toContain('long-polling-bottleneck');
  });
});

describe('long-polling-bottleneck names only the configs collected with the warning', () => {
  const warning = '2025-11-18T10:00:00Z WARNING: CONFIGURATION: Long polling issues detected.\n2025-11-18T10:00:00Z - Request bottleneck: 1 runners have request_concurrency=1, causing job delays during long polling\n';
  const config = (name: string, rc?: number) =>
    `concurrent = 4\n\n[[runners]]\n  name = "${name}"\n  url = "https://gitlab.example.com/"\n  token = "glrt-${name.padEnd(20, 'x')}"\n  executor = "shell"\n${rc ? `  request_concurrency = ${rc}\n` : ''}`;
  const where = (f: Finding | undefined) => (f?.evidence ?? []).map((e) => e.file).join('\n');

  it("cites the warning host's config at 1, not another host's", async () => {
    const f = (await findingsOf({ 'ssh/warned/runner.log': warning, 'ssh/warned/config.toml': config('warned'), 'ssh/quiet/config.toml': config('quiet') })).find((x) => x.id === 'long-polling-bottleneck');
    expect(where(f)).toMatch(/ssh\/warned\/config\.toml/);
    expect(where(f)).not.toMatch(/ssh\/quiet\//);
  });

  it("takes the warning as from before a fix once the warning host's config is raised, whatever other hosts hold", async () => {
    const findings = await findingsOf({ 'ssh/warned/runner.log': warning, 'ssh/warned/config.toml': config('warned', 4), 'ssh/quiet/config.toml': config('quiet') });
    expect(findings.map((x) => x.id)).not.toContain('long-polling-bottleneck');
  });
});

describe('gitlab-unreachable weighs failures against the time and the successes around them', () => {
  const fail = (t: string, status = '502 Bad Gateway') =>
    `${t} WARNING: Checking for jobs... failed                   runner=t1_Yy5Zz6 status=POST https://gitlab.example.com/api/v4/jobs/request: ${status}`;
  const ok = (t: string, job: number) => `${t} Checking for jobs... received                       job=${job} repo_url=https://gitlab.example.com/app/api.git runner=t1_Yy5Zz6`;
  const quiet = (t: string, n: number) => `${t} Appending trace to coordinator...ok                 code=202 job=${n} job-status=running runner=t1_Yy5Zz6 status=202 Accepted`;
  const unreachable = async (lines: string[]) => (await findingsOf({ 'runner.log': `${lines.join('\n')}\n` })).find((f) => f.id === 'gitlab-unreachable');

  it('reads a pasted excerpt where every line fails as an outage, even two lines', async () => {
    const f = await unreachable([fail('2025-11-18T10:00:00Z', '503 Service Unavailable'), fail('2025-11-18T10:00:03Z', '503 Service Unavailable')]);
    expect(f?.severity).toBe('error');
    expect(f?.summary).toContain('Nothing in the evidence shows requests working after them');
  });

  it('does not count a short burst after which jobs are received again, however many lines it has', async () => {
    const lines = [
      ...Array.from({ length: 40 }, (_, i) => quiet(`2025-11-18T09:${String(10 + i).padStart(2, '0')}:00Z`, i)),
      fail('2025-11-18T09:55:00Z'),
      fail('2025-11-18T09:55:03Z'),
      fail('2025-11-18T09:55:06Z'),
      ok('2025-11-18T09:55:09Z', 7712),
      ...Array.from({ length: 20 }, (_, i) => quiet(`2025-11-18T10:${String(10 + i).padStart(2, '0')}:00Z`, 100 + i)),
    ];
    expect(await unreachable(lines)).toBeUndefined();
  });

  it('reports failures lasting past a restart as an outage that ended, as a warning', async () => {
    const lines = [
      ...Array.from({ length: 30 }, (_, i) => quiet(`2025-11-18T09:${String(10 + i).padStart(2, '0')}:00Z`, i)),
      ...Array.from({ length: 8 }, (_, i) => fail(`2025-11-18T09:${String(45 + i).padStart(2, '0')}:00Z`)),
      ok('2025-11-18T09:53:30Z', 7712),
      ...Array.from({ length: 30 }, (_, i) => quiet(`2025-11-18T10:${String(10 + i).padStart(2, '0')}:00Z`, 100 + i)),
    ];
    const f = await unreachable(lines);
    expect(f?.severity).toBe('warning');
    expect(f?.summary).toContain('The longest run of failures lasted 7 min from 2025-11-18T09:45:00.000Z');
    expect(f?.summary).toContain('Requests worked again afterwards (31 successful requests logged after them)');
  });

  it('counts the runner giving up on GitLab after a burst as an outage', async () => {
    const lines = [
      ...Array.from({ length: 30 }, (_, i) => quiet(`2025-11-18T09:${String(10 + i).padStart(2, '0')}:00Z`, i)),
      fail('2025-11-18T09:45:00Z', '503 Service Unavailable'),
      fail('2025-11-18T09:45:03Z', '503 Service Unavailable'),
      fail('2025-11-18T09:45:06Z', '503 Service Unavailable'),
      '2025-11-18T09:45:06Z ERROR: Runner "https://gitlab.example.comt1_Yy5Zz6" is not healthy and will be disabled!',
      ok('2025-11-18T10:45:09Z', 7712),
    ];
    expect((await unreachable(lines))?.severity).toBe('warning');
  });

  it('treats a name that does not resolve as an outage, not a blip', async () => {
    const lines = [
      ...Array.from({ length: 30 }, (_, i) => quiet(`2025-11-18T09:${String(10 + i).padStart(2, '0')}:00Z`, i)),
      `2025-11-18T09:45:00Z WARNING: Checking for jobs... failed                   runner=t1_Yy5Zz6 status=couldn't execute POST against https://gitlab.example.com/api/v4/jobs/request: dial tcp: lookup gitlab.example.com on 10.96.0.10:53: no such host`,
      ok('2025-11-18T09:45:09Z', 7712),
    ];
    expect(await unreachable(lines)).toBeDefined();
  });
});

describe('cache-upload-failed weighs a retry against the same job', () => {
  const put = 'WARNING: Retrying...                                error=Put "https://runner-cache.s3.dualstack.eu-central-1.amazonaws.com/runner/VoNFjnS1/project/1/main?X-Amz-Algorithm=AWS4-HMAC-SHA256"';
  it('does not report a retried upload that then created the cache', async () => {
    const findings = await findingsOf({ 'job.log': ['Saving cache for successful job', 'Uploading cache.zip to https://runner-cache.s3.dualstack.eu-central-1.amazonaws.com/runner/VoNFjnS1/project/1/main', put, 'Created cache', 'Cleaning up project directory and file based variables', 'Job succeeded', ''].join('\n') });
    expect(findings.map((f) => f.id)).not.toContain('cache-upload-failed');
  });
  it('reports retries that never got there', async () => {
    const findings = await findingsOf({ 'job.log': ['Saving cache for successful job', 'Uploading cache.zip to https://runner-cache.s3.dualstack.eu-central-1.amazonaws.com/runner/VoNFjnS1/project/1/main', put, put, 'WARNING: Failed to create cache', 'Job succeeded', ''].join('\n') });
    expect(findings.map((f) => f.id)).toContain('cache-upload-failed');
  });
});

describe("config-invalid speaks of the runner's config only when the runner complains", () => {
  it("leaves another program's TOML error in a job log to the job", async () => {
    const findings = await findingsOf({
      'job.log': [
        'Running with gitlab-runner 16.11.0 (91a27b2a)',
        'Executing "step_script" stage of the job script',
        '$ hugo --minify',
        "Error: Near line 3 (last key parsed 'params'): expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead",
        'ERROR: Job failed: exit code 1',
      ].join('\n'),
    });
    expect(findings.map((f) => f.id)).not.toContain('config-invalid');
  });

  it("reads the runner's own fatal about its config.toml", async () => {
    const findings = await findingsOf({
      'journal.txt': "Feb 15 03:12:07 ci-03 gitlab-runner[22542]: FATAL: Service run failed   error=Near line 2 (last key parsed ''): bare keys cannot contain '('\n",
    });
    expect(findings.map((f) => f.id)).toContain('config-invalid');
  });
});
