import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';

// The exact line from seed 000 (gitlab-runner pod log, runner 17.6.0).
const SEED_000_LINE =
  'WARNING: Submitting job to coordinator... job failed  bytesize=20764 checksum=crc32:75754b1d code=403 job=8540930992 job-status= runner=t3_qYADwj status=PUT https://gitlab.com/api/v4/jobs/8540930992: 403 Forbidden update-interval=0s';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-analyze-'));
  await writeFile(
    join(dir, 'attachment-1.txt'),
    ['Checking for jobs... received                       job=8540930992 repo_url=https://gitlab.com/acme/web.git runner=t3_qYADwj', SEED_000_LINE, ''].join('\n'),
  );
  await writeFile(join(dir, 'notes.txt'), 'Customer says it started on Monday.\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runner-doctor analyze', () => {
  it('finds job-token-expired in a folder holding seed 000’s log line, citing file and line', async () => {
    const r = await runCli(['analyze', dir, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: { id: string; evidence: { file: string; line: number; excerpt: string }[] }[]; unrecognized: string[] };
    const f = doc.findings.find((x) => x.id === 'job-token-expired');
    expect(f?.evidence[0]).toEqual({ file: 'attachment-1.txt', line: 2, excerpt: SEED_000_LINE });
    expect(doc.unrecognized).toContain('notes.txt');
  });

  it('prints findings for people without --json', async () => {
    const r = await runCli(['analyze', join(dir, 'attachment-1.txt')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ERROR job-token-expired');
    expect(r.stdout).toContain('attachment-1.txt:2');
  });

  it('exits 0 when nothing is wrong', async () => {
    const ok = join(dir, 'healthy');
    await writeFile(ok, 'Submitting job to coordinator...ok                  bytesize=18231 code=200 job=1 job-status=success runner=abc\n');
    const r = await runCli(['analyze', ok, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});

describe('usage errors: one line on stderr, exit 2, no stack trace', () => {
  it.each([
    [['analyze', '/nonexistent/path'], /no such file or folder/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['collect'], /needs at least one source/],
    [['collect', '--bogus'], /Unknown option '--bogus'/],
    [['bundle', 'verify'], /takes one FILE\.zip/],
    [['redact', '/nonexistent/file'], /no such file/],
  ])('%j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['fix', 'job-token-expired', '--plan'], /needs the sources the finding came from/],
    [['fix', 'no-such-finding', '--plan', '--files', '.'], /unknown finding id "no-such-finding"/],
    [['fix', 'job-token-expired', '--yes', '--files', '.'], /--yes goes with --apply or --rollback/],
    [['fix', 'job-token-expired', '--plan', '--apply', '--files', '.'], /choose one of --plan, --apply --yes, --rollback --yes/],
  ])('fix %j is a usage error (exit 2, one line)', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('redact streams stdin to stdout with tokens replaced', async () => {
    const token = 'glrt-' + 'AbCdEfGhIjKlMnOpQrSt';
    const r = await runCli(['redact', '-'], { input: `token = "${token}"\nplain line\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(token);
    expect(r.stdout).toMatch(/^token = "\[REDACTED [\w-]+ #1\]"\nplain line\n$/);
  });
});
