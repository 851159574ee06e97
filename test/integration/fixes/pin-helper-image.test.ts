import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFix } from '../../../electron/core/fixes/lifecycle';
import { pinHelperImage } from '../../../electron/core/fixes/pin-helper-image';
import { runCli } from '../../helpers/run-cli';
import { startFixHost, type FixHost } from '../../helpers/ssh/fix-host';
import { checkPrereqs, requirePrereqs } from '../../helpers/ssh/prereqs';

// pin-helper-image against a real sshd host (seed 003): gitlab-runner 16.6.1 (f5da3c5a) logs the
// permission-container failure; config.toml is root's alone (0600) and carries comments.
const pre = await checkPrereqs();

const IMAGE = 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-f5da3c5a';
const TOKEN = 'glrt-PINtestTOKEN9876543210';
const ORIGINAL = [
  'concurrent = 1',
  'check_interval = 0',
  '',
  '[session_server]',
  '  session_timeout = 1800',
  '',
  '[[runners]]',
  '  name = "runner-host Podman/Docker runner"',
  '  url = "https://gitlab.example.com/"',
  '  id = 292',
  `  token = "${TOKEN}"`,
  '  executor = "docker"',
  '  [runners.docker]',
  '    # rootless podman of uid 1001',
  '    host = "unix:///run/user/1001/podman/podman.sock"',
  '    tls_verify   =   false',
  '    image = "quay.io/podman/stable"',
  '    volumes = ["/cache"]',
  '    # 1 GByte',
  '    shm_size = 1073741824',
  '    [runners.docker.tmpfs]',
  '      "/mnt/ramdisk" = "rw,exec,size=2G"',
  '',
].join('\n');
const PATH = '/etc/gitlab-runner/config.toml';

describe('runner-doctor fix helper-image-permission-container (pin-helper-image) over SSH', () => {
  if (!requirePrereqs(pre, 'pin-helper-image over SSH')) return;
  let h: FixHost;

  beforeAll(async () => {
    h = await startFixHost({
      name: 'pin',
      // admin: passwordless sudo; ops: sudo only with a password.
      sudoers: ['admin ALL=(ALL:ALL) NOPASSWD: ALL', 'ops ALL=(ALL:ALL) ALL'].join('\n'),
      files: [{ path: 'etc/gitlab-runner/config.toml', content: ORIGINAL, mode: 0o600 }],
    });
  }, 120_000);
  afterAll(() => h?.stop());

  const target = (user: string) => h.target(user);
  const args = (user: string) => h.args(user);
  const env = () => h.env();
  const onHost = (script: string) => h.onHost(script);
  const config = () => onHost(`cat ${PATH}`);
  const stat = () => onHost(`stat -c '%a %u:%g' ${PATH}`);

  it('--plan shows a redacted diff adding helper_image for revision f5da3c5a and a passing preflight; nothing changes', async () => {
    const r = await runCli(['fix', 'helper-image-permission-container', '--plan', ...args('admin')], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--- a/${target('admin')}${PATH}`);
    const diff = r.stdout.slice(r.stdout.indexOf('  diff:'), r.stdout.indexOf('  note:'));
    expect(diff.split('\n').filter((l) => /^ {4}[-+](?![-+])/.test(l))).toEqual([`    +    helper_image = "${IMAGE}"`]);
    expect(r.stdout).toMatch(/sudo -n true: passwordless sudo works/);
    expect(r.stdout).toMatch(/writable through sudo -n/);
    expect(r.stdout).not.toContain(TOKEN);
    expect(await config()).toBe(ORIGINAL);
  });

  it('--apply without --yes writes nothing', async () => {
    const r = await runCli(['fix', 'helper-image-permission-container', '--apply', ...args('admin')], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--apply writes only with --yes/);
    expect(await config()).toBe(ORIGINAL);
  });

  it('a user who cannot read config.toml is told so; one whose sudo wants a password is refused, naming sudo -n true; nothing changes', async () => {
    const unread = await runCli(['fix', 'helper-image-permission-container', '--plan', ...args('ops')], { env: env() });
    expect(unread.code).toBe(2);
    expect(unread.stderr).toMatch(/config\.toml could not be read on ops@/);
    await onHost(`chmod 644 ${PATH}`);
    try {
      const r = await runCli(['fix', 'helper-image-permission-container', '--apply', '--yes', ...args('ops')], { env: env() });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/REFUSED .*preflight failed: sudo -n true: sudo -n true failed: .*password.*NOPASSWD/);
      expect(await config()).toBe(ORIGINAL);
    } finally {
      await onHost(`chmod 600 ${PATH}`);
    }
  });

  it('a file changed between the plan and the write makes the fix plan again and ask again', async () => {
    const connections = h.connections('admin');
    try {
      const ctx = h.context(connections);
      const plan = await pinHelperImage.replan({ findingId: 'helper-image-permission-container', data: { alias: target('admin'), image: IMAGE } } as never, ctx);
      const asked: boolean[] = [];
      const outcome = await runFix(pinHelperImage, plan!, connections, {
        confirm: async (_p, _pre, again) => {
          asked.push(again);
          // Someone edits config.toml between the yes and the write.
          if (!again) await onHost(`sed -i '1i # edited by someone else' ${PATH}`);
          return !again;
        },
        audit: async () => undefined,
      }, new AbortController().signal);
      expect(asked).toEqual([false, true]);
      expect(outcome.result).toBe('replanned');
      // The line added on top moves the hunk down by one.
      expect(outcome.replanned?.diff).toContain('@@ -20,4 +20,5 @@');
      expect(await config()).toBe(`# edited by someone else\n${ORIGINAL}`);
    } finally {
      await connections.close();
      await onHost(`sed -i '1d' ${PATH}`);
    }
  });

  it('--apply --yes adds only the helper_image line (mode and owner kept, backup made), verifies, and --rollback --yes restores every byte', async () => {
    expect(await config()).toBe(ORIGINAL);
    const modeBefore = await stat();
    const r = await runCli(['fix', 'helper-image-permission-container', '--apply', '--yes', ...args('admin')], { env: env() });
    expect(r.stdout).toMatch(/APPLIED .*applied and verified: .*helper_image = "registry\.gitlab\.com/);
    // No systemd here: the runner reloads the changed config.toml itself, and the finding is gone.
    expect(r.stdout).toMatch(/A fresh collection no longer shows helper-image-permission-container/);
    expect(r.code).toBe(0);
    const after = (await config()).split('\n');
    const added = after.findIndex((l) => l === `    helper_image = "${IMAGE}"`);
    expect(added).toBeGreaterThan(0);
    expect(Buffer.from([...after.slice(0, added), ...after.slice(added + 1)].join('\n'))).toEqual(Buffer.from(ORIGINAL));
    expect(await stat()).toBe(modeBefore);
    const backups = (await onHost('ls /etc/gitlab-runner')).split('\n').filter((l) => l.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(await onHost(`cat /etc/gitlab-runner/${backups[0]}`)).toBe(ORIGINAL);
    const audit = await readFile(join(h.configDir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"fixId":"pin-helper-image"');
    expect(audit).not.toContain(TOKEN);

    const again = await runCli(['fix', 'helper-image-permission-container', '--plan', ...args('admin')], { env: env() });
    expect(again.stdout).toMatch(/helper-image-permission-container: not found in the evidence collected just now/);

    const back = await runCli(['fix', 'helper-image-permission-container', '--rollback', '--yes', ...args('admin')], { env: env() });
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/ROLLED-BACK .*restored from/);
    expect(Buffer.from(await config())).toEqual(Buffer.from(ORIGINAL));
    expect(await stat()).toBe(modeBefore);
  });
});
