import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emptyFacts, type Facts } from '../../../electron/core/diagnosis/facts';
import { scanLog } from '../../../electron/core/diagnosis/scan/scan-log';

async function scan(text: string, facts: Facts = emptyFacts()): Promise<Facts> {
  await scanLog('log', Readable.from([Buffer.from(text)]), facts);
  return facts;
}

async function signaturesOf(line: string): Promise<string[]> {
  return [...(await scan(`${line}\n`)).logMatches.keys()];
}

const SEED_000 =
  'WARNING: Submitting job to coordinator... job failed  bytesize=20764 checksum=crc32:75754b1d code=403 job=8540930992 job-status= runner=t3_qYADwj status=PUT https://gitlab.com/api/v4/jobs/8540930992: 403 Forbidden update-interval=0s';

describe('log signatures in every format the runner writes', () => {
  it.each([
    ['runner text', SEED_000],
    ['logrus text', 'time="2025-11-12T11:01:58Z" level=warning msg="Submitting job to coordinator... job failed" bytesize=20764 code=403 job=8540930992 status="PUT https://gitlab.com/api/v4/jobs/8540930992: 403 Forbidden"'],
    ['JSON', '{"code":403,"job":8540930992,"level":"warning","msg":"Submitting job to coordinator... job failed","status":"PUT https://gitlab.com/api/v4/jobs/8540930992: 403 Forbidden"}'],
    ['journald + JSON', 'Nov 12 11:01:58 ci-01 gitlab-runner[1183]: {"code":403,"job":8540930992,"level":"warning","msg":"Submitting job to coordinator... forbidden","status":"PUT https://gitlab.com/api/v4/jobs/8540930992: 403 Forbidden"}'],
    ['kubectl --timestamps + ANSI', '2025-11-12T11:01:58.123456789Z \u001b[0;33mWARNING: Submitting job to coordinator... job failed\u001b[0;m  \u001b[0;33mcode\u001b[0;m=403 \u001b[0;33mjob\u001b[0;m=8540930992 status=PUT https://gitlab.com/api/v4/jobs/8540930992: 403 Forbidden'],
  ])('job update refused with 403 (%s)', async (_format, line) => {
    const facts = await scan(`${line}\n`);
    const [m] = facts.logMatches.get('job-update-403') ?? [];
    expect(m?.fields.urljob ?? m?.fields.job).toBe('8540930992');
    expect(m?.line).toBe(1);
  });

  it.each([
    ['a registry 403 on an image pull', 'ERROR: Job failed: failed to pull image "r.example.com/a:1": Error response from daemon: Head "https://r.example.com/v2/a/manifests/1": denied: 403 Forbidden'],
    ['a healthy final update', 'Submitting job to coordinator...ok                  bytesize=18231 code=200 job=1 job-status=success runner=abc'],
    ['a job GitLab failed (not a 403)', 'WARNING: Submitting job to coordinator... job failed  code=200 job=5 job-status=failed runner=abc'],
  ])('no expired-token signature for %s', async (_what, line) => {
    expect(await signaturesOf(line)).not.toContain('job-update-403');
  });

  it('merges the fields the text format prints on the next line', async () => {
    const facts = await scan('WARNING: Couldn\'t save new system ID on state file. In order to reliably identify this runner,\nplease ensure there is a text file\n  state_file=/etc/gitlab-runner/.runner_system_id system_id=r_x\n');
    // the continuation line after the message is prose, not fields: nothing is merged from it
    expect(facts.logMatches.get('system-id-not-saved')?.[0]?.fields.state_file).toBeUndefined();
    const failed = await scan('WARNING: Job failed: exit code 1\n  duration_s=3.1 job=77 project=2 runner=abc\nChecking for jobs... received job=78\n', (() => {
      const f = emptyFacts();
      f.gitlabJobs.set(77, { id: 77, status: 'running', file: 'api', line: 1, excerpt: '"status": "running"' });
      return f;
    })());
    expect(failed.logMatches.get('job-finished')?.[0]?.fields).toMatchObject({ outcome: 'Job failed', job: '77', duration_s: '3.1' });
  });

  it('records job endings only for jobs GitLab shows as running', async () => {
    const facts = await scan('Job succeeded  duration_s=1 job=5 project=1 runner=a\n');
    expect(facts.logMatches.has('job-finished')).toBe(false);
  });

  it('reads every long polling cause from a one-line JSON warning', async () => {
    const facts = await scan(
      '{"level":"warning","msg":"CONFIGURATION: Long polling issues detected.\\nIssues found:\\n  - Worker starvation bottleneck: \'concurrent\' setting (1) is less than number of runners (2)\\n  - Request bottleneck: 2 runners have request_concurrency=1, causing job delays during long polling\\n","time":"t"}\n',
    );
    expect(facts.logMatches.get('long-polling')?.[0]?.fields.msg).toMatch(/Worker starvation bottleneck/);
  });

  it('captures the exit code of the permission container and the quota details', async () => {
    const facts = await scan(
      [
        'ERROR: Job failed: adding cache volume: set volume permissions: running permission container "f404c36e60fca30ce81978bb9d92247812394ffafb3dadfaca52c1c537e03ada" for volume "runner-x-project-225-concurrent-0-cache-3c3f": waiting for permission container to finish: exit code 127',
        'ERROR: Job failed (system failure): secrets "runner-z36gywsv-project-7-concurrent-4gzq9t" is forbidden: exceeded quota: all-resources, requested: secrets=1, used: secrets=100, limited: secrets=100',
      ].join('\n'),
    );
    expect(facts.logMatches.get('permission-container-failed')?.[0]?.fields).toMatchObject({ exitCode: '127', volume: 'runner-x-project-225-concurrent-0-cache-3c3f' });
    expect(facts.logMatches.get('quota-exceeded')?.[0]?.fields).toMatchObject({ resource: 'secrets', quota: 'all-resources', requested: 'secrets=1', used: 'secrets=100', limited: 'secrets=100' });
  });

  it('counts every match but keeps a bounded number', async () => {
    const facts = await scan('ERROR: Checking for jobs... forbidden  runner=a\n'.repeat(2000));
    expect(facts.logMatchCounts.get('checking-jobs-forbidden')).toBe(2000);
    expect(facts.logMatches.get('checking-jobs-forbidden')!.length).toBeLessThan(2000);
  });

  it('past the bound, counts only lines the pattern matches and takes their times into the span', async () => {
    const at = (s: number) => new Date(Date.UTC(2025, 2, 4, 10, 0, s)).toISOString();
    const failed = (s: number) => `${at(s)} WARNING: Checking for jobs... failed  runner=a status=502 Bad Gateway\n`;
    // The hint without the pattern's word boundary, later than every match: neither counted nor a time of the span.
    const nearMiss = `${at(3000)} Checking for jobs... failedover  runner=a\n`;
    // Last, a line without a time: the log's end does not stretch the span.
    const facts = await scan(Array.from({ length: 600 }, (_, i) => failed(i + 1)).join('') + failed(2000) + nearMiss + 'shutting down\n');
    expect(facts.logMatchCounts.get('gitlab-request-failed')).toBe(601);
    expect(facts.logMatches.get('gitlab-request-failed')).toHaveLength(500);
    expect(facts.logSpans.get('log')).toMatchObject({ first: at(1), last: at(2000), lines: 603 });
  });
});

describe('what a log covers', () => {
  it('records its last timed line as where it ends, across chunks and after blank lines', async () => {
    const facts = emptyFacts();
    const lines = ['2025-11-18T10:05:01.412001Z 00O Running with gitlab-runner 17.9.1 (c9ca1b2e)', 'x'.repeat(70000), '2025-11-18T10:21:37.554001Z 00O Waiting for database...', '', ''];
    const text = lines.join('\n');
    await scanLog('log', Readable.from([Buffer.from(text.slice(0, 40000)), Buffer.from(text.slice(40000, 70100)), Buffer.from(text.slice(70100))]), facts);
    const span = facts.logSpans.get('log')!;
    expect(span.end).toMatchObject({ line: 3, time: '2025-11-18T10:21:37.554Z', excerpt: '2025-11-18T10:21:37.554001Z 00O Waiting for database...' });
    expect(span.last).toBe('2025-11-18T10:21:37.554Z');
  });

  it('has no end when its last line carries no time', async () => {
    const facts = await scan('2025-11-18T10:05:01Z Running with gitlab-runner 17.9.1\nadded 1412 packages\n');
    expect(facts.logSpans.get('log')!.end).toBeUndefined();
  });

  it('counts successful requests to GitLab without keeping them', async () => {
    const facts = await scan('Checking for jobs... received   job=1\n{"msg":"Submitting job to coordinator...ok","job":1}\nUploading artifacts to coordinator... 201 Created  id=1\n');
    expect(facts.logSpans.get('log')!.successes).toBe(3);
    expect(facts.logMatches.size).toBe(0);
  });

  it.each([
    ['runner text, colour codes', "\u001b[31;1mFATAL: Near line 30 (last key parsed 'runners.docker.allowed_images'): Key 'runners.docker.allowed_images' has already been defined.\u001b[0;m"],
    ['syslog', "Feb 15 03:12:07 ci-03 gitlab-runner[22542]: #033[31;1mFATAL: Service run failed   #033[0;m  #033[31;1merror#033[0;m=Near line 2 (last key parsed ''): bare keys cannot contain '('"],
    ['logrus text', 'time="2022-02-15T03:12:07Z" level=fatal msg="Service run failed" error="Near line 2 (last key parsed \'\'): bare keys cannot contain \'(\'"'],
    ['JSON', '{"error":"Near line 2 (last key parsed \'\'): bare keys cannot contain \'(\'","level":"fatal","msg":"Service run failed","time":"2022-02-15T03:12:07Z"}'],
  ])("reads the old TOML parser's complaint when the runner dies of it (%s)", async (_format, line) => {
    expect(await signaturesOf(line)).toContain('config-load-problem');
  });

  it.each([
    ['a Go program in a job', "Error: Near line 3 (last key parsed 'params'): expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead"],
    ['another service in the journal', "Feb 15 03:12:07 host telegraf[811]: 2022-02-15T03:12:07Z E! error loading config file /etc/telegraf/telegraf.conf: Near line 12 (last key parsed 'inputs.cpu'): expected a value"],
  ])("leaves another program's TOML complaint alone (%s)", async (_what, line) => {
    expect(await signaturesOf(line)).not.toContain('config-load-problem');
  });
});
