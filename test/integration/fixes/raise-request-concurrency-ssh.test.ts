import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseRequestConcurrency } from '../../../electron/core/fixes/raise-request-concurrency';
import { runCli } from '../../helpers/run-cli';
import { startFixHost, type FixHost } from '../../helpers/ssh/fix-host';
import { checkPrereqs, requirePrereqs } from '../../helpers/ssh/prereqs';

// raise-request-concurrency on a runner host reached over SSH: its runner (the gitlab-runner
// stand-in, reloading config.toml when it changes) logs the long polling warning at every load
// while a [[runners]] entry is left at request_concurrency 1. config.toml is root's (0600).
const pre = await checkPrereqs();

const TOKEN = 'glrt-RCtestTOKEN0123456789';
const ORIGINAL = [
  '# managed by hand',
  'concurrent = 6',
  'check_interval = 0',
  '',
  '[[runners]]',
  '  name = "build"',
  '  url = "https://gitlab.example.com/"',
  `  token = "${TOKEN}"`,
  '  executor = "shell"',
  '  # three jobs at once on this box',
  '  limit   =   3',
  '',
  '[[runners]]',
  '  name = "deploy"',
  '  url = "https://gitlab.example.com/"',
  '  token = "glrt-RCsecondTOKEN98765432"',
  '  executor = "shell"',
  '',
].join('\n');
const PATH = '/etc/gitlab-runner/config.toml';

describe('runner-doctor fix long-polling-bottleneck (raise-request-concurrency) over SSH', () => {
  if (!requirePrereqs(pre, 'raise-request-concurrency over SSH')) return;
  let h: FixHost;

  beforeAll(async () => {
    h = await startFixHost({
      name: 'rc',
      sudoers: 'admin ALL=(ALL:ALL) NOPASSWD: ALL',
      files: [
        { path: 'etc/gitlab-runner/config.toml', content: ORIGINAL, mode: 0o600 },
        { path: 'etc/rd-test/long-polling', content: '' },
      ],
    });
  }, 120_000);
  afterAll(() => h?.stop());

  const target = () => h.target('admin');
  const args = () => h.args('admin');
  const env = () => h.env();
  const onHost = (script: string) => h.onHost(script);
  const config = () => onHost(`cat ${PATH}`);
  const stat = () => onHost(`stat -c '%a %u:%g' ${PATH}`);
  const changedLines = (diff: string) => diff.split('\n').filter((l) => /^ {4}[-+](?![-+])/.test(l));

  it('--plan shows a redacted diff of only the request_concurrency lines, says no restart is needed, and changes nothing', async () => {
    const r = await runCli(['fix', 'long-polling-bottleneck', '--plan', ...args()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--- a/${target()}${PATH}`);
    const diff = r.stdout.slice(r.stdout.indexOf('  diff:'), r.stdout.indexOf('  note:'));
    expect(changedLines(diff)).toEqual(['    +  request_concurrency = 3', '    +  request_concurrency = 4']);
    expect(r.stdout).toMatch(/runner build: request_concurrency 1 \(default\) → 3/);
    expect(r.stdout).toMatch(/runner deploy: request_concurrency 1 \(default\) → 4/);
    expect(r.stdout).toMatch(/restart: none: gitlab-runner reloads config\.toml by itself when the file changes \(it checks every 3 seconds\): no restart is needed/);
    expect(r.stdout).toMatch(/writable through sudo -n/);
    expect(r.stdout).not.toContain(TOKEN);
    expect(await config()).toBe(ORIGINAL);
  });

  it('a file changed between the yes and the write makes the fix plan again and ask again; nothing is written', async () => {
    const connections = h.connections('admin');
    try {
      const ctx = h.context(connections);
      const plan = await raiseRequestConcurrency.replan({ findingId: 'long-polling-bottleneck', data: { kind: 'ssh', alias: target() } } as never, ctx);
      const { asked, outcome } = await h.runEditedAfterYes(raiseRequestConcurrency, plan!, connections, PATH);
      expect(asked).toEqual([false, true]);
      expect(outcome.result).toBe('replanned');
      expect(outcome.changed).toEqual([]);
      expect(await config()).toBe(ORIGINAL.replace('# managed by hand\n', '# managed by hand\n# edited by someone else\n'));
    } finally {
      await connections.close();
      await onHost(`sed -i '2d' ${PATH}`);
    }
  });

  it('--apply --yes changes only those lines (mode and owner kept, backup made), verifies, and the runner reloads it: the finding is gone', async () => {
    expect(await config()).toBe(ORIGINAL);
    const modeBefore = await stat();
    const r = await runCli(['fix', 'long-polling-bottleneck', '--apply', '--yes', ...args()], { env: env() });
    expect(r.stdout).toMatch(/APPLIED .*applied and verified: .*config\.toml on admin@.* sets request_concurrency 3, 4 \(the bytes written\); gitlab-runner reloads it by itself within seconds, no restart/);
    expect(r.stdout).toMatch(/A fresh collection no longer shows long-polling-bottleneck/);
    expect(r.code).toBe(0);
    const after = await config();
    expect(after.split('\n').filter((l) => !ORIGINAL.split('\n').includes(l))).toEqual(['  request_concurrency = 3', '  request_concurrency = 4']);
    expect(Buffer.from(after.split('\n').filter((l) => !/^ {2}request_concurrency = /.test(l)).join('\n'))).toEqual(Buffer.from(ORIGINAL));
    expect(await stat()).toBe(modeBefore);
    const backups = (await onHost('ls /etc/gitlab-runner')).split('\n').filter((l) => l.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(await onHost(`cat /etc/gitlab-runner/${backups[0]}`)).toBe(ORIGINAL);
    // No restart: the runner reloaded the file by itself and no longer warns.
    const log = await onHost('cat /var/log/syslog');
    expect(log.slice(log.lastIndexOf('Configuration loaded'))).not.toContain('Long polling issues detected');
    expect(log.match(/Starting multi-runner/g)).toHaveLength(1);
    const audit = await readFile(join(h.configDir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"fixId":"raise-request-concurrency"');
    expect(audit).not.toContain(TOKEN);

    const again = await runCli(['fix', 'long-polling-bottleneck', '--plan', ...args()], { env: env() });
    expect(again.stdout).toMatch(/long-polling-bottleneck: not found in the evidence collected just now/);
  });

  it('--rollback --yes puts the backup back byte for byte; a runner whose limit is 1 is then left alone and named', async () => {
    const modeBefore = await stat();
    const back = await runCli(['fix', 'long-polling-bottleneck', '--rollback', '--yes', ...args()], { env: env() });
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/ROLLED-BACK .*restored from/);
    expect(Buffer.from(await config())).toEqual(Buffer.from(ORIGINAL));
    expect(await stat()).toBe(modeBefore);

    await onHost(`sed -i 's/limit   =   3/limit = 1/' ${PATH}`);
    const r = await runCli(['fix', 'long-polling-bottleneck', '--plan', ...args()], { env: env() });
    expect(r.code).toBe(0);
    const diff = r.stdout.slice(r.stdout.indexOf('  diff:'), r.stdout.indexOf('  note:'));
    expect(changedLines(diff)).toEqual(['    +  request_concurrency = 4']);
    expect(r.stdout).toMatch(/note: runner build: limit 1 leaves no room above request_concurrency 1/);
  });
});
