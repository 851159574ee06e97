import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSshHost, type DemoSshHost } from '../../../electron/core/demo-lab/servers/ssh-host';
import { bundleMembers } from '../../helpers/bundle-bytes';
import { ENGLISH_PROSE, prose } from '../../helpers/english-prose';
import { runCli } from '../../helpers/run-cli';

/**
 * The demo lab's podman host (an SSH server answering as the seed-003 host does, no docker on
 * it), collected by the built CLI: docker's absence is a note, said apart from the errors.
 */
const DOCKER_EN = 'docker is not installed on this host (docker info and images skipped)';
const DOCKER_RU = 'Docker на этом хосте не установлен (docker info и docker images не собраны)';

let dir: string;
let host: DemoSshHost;
let args: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-ssh-notes-'));
  host = await startDemoSshHost({ dir });
  const known = join(dir, 'known_hosts');
  await writeFile(known, `${host.hostKeyLine}\n`);
  const config = join(dir, 'ssh_config');
  await writeFile(config, `Host demo\n  HostName ${host.host}\n  Port ${host.port}\n  User ${host.user}\n  IdentityFile ${host.privateKeyPath}\n`);
  args = ['collect', '--ssh', 'demo', '--ssh-config', config, '--known-hosts', known];
});
afterAll(async () => {
  await host?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** No agent, keys or locale of the machine running the tests. */
const env = () => ({ HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), SSH_AUTH_SOCK: '', LANG: '', LC_ALL: '', LC_MESSAGES: '' });

/** The lines of the Notes section: its heading up to the first line that is not indented. */
function notesSection(stdout: string, heading: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.indexOf(heading);
  expect(start, stdout).toBeGreaterThan(0);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('  '));
  return lines.slice(start, end);
}

describe('notes of a podman host in the CLI output', () => {
  it('English: a Notes section after the findings, apart from the errors; the host counts as reached', async () => {
    const out = join(dir, 'en.zip');
    const r = await runCli([...args, '--out', out], { env: env() });
    expect(r.code, r.stderr).toBe(1);
    expect(notesSection(r.stdout, 'Notes (not errors):')).toEqual(['Notes (not errors):', `  ssh:demo: ${DOCKER_EN}`]);
    // After the findings, before the closing line.
    expect(r.stdout.indexOf('Notes (not errors):')).toBeGreaterThan(r.stdout.indexOf('helper-image-permission-container'));
    expect(r.stdout.indexOf('Notes (not errors):')).toBeLessThan(r.stdout.indexOf('Bundle written:'));
    expect(r.stdout).not.toMatch(/could not collect[^\n]*docker/);

    // The bundle keeps the note beside the errors, and report.md has its own section.
    const members = await bundleMembers(out);
    const manifest = JSON.parse(members.get('manifest.json')!.toString()) as { errors: { message: string }[]; notes: unknown[] };
    expect(manifest.notes).toEqual([{ source: 'ssh:demo', message: DOCKER_EN, text: { key: 'ssh.note.dockerMissing' } }]);
    expect(manifest.errors.filter((e) => /docker/.test(e.message))).toEqual([]);
    const md = members.get('report.md')!.toString();
    expect(md).toContain(`## Notes\n\nRemarks made while collecting. They are not errors: nothing the diagnosis needs is missing because of them.\n\n- ssh:demo: ${DOCKER_EN}\n`);
  }, 60_000);

  it('Russian: the heading and the note in Russian, the bundle report in Russian too', async () => {
    const out = join(dir, 'ru.zip');
    const r = await runCli([...args, '--out', out, '--lang', 'ru'], { env: env() });
    expect(r.code, r.stderr).toBe(1);
    const section = notesSection(r.stdout, 'Примечания (не ошибки):');
    expect(section).toEqual(['Примечания (не ошибки):', `  ssh:demo: ${DOCKER_RU}`]);
    // Only the commands and the source id stay as written.
    expect(prose(section.join('\n'), ['ssh:demo', 'docker info', 'docker images'])).not.toMatch(ENGLISH_PROSE);
    expect(r.stdout).not.toContain(DOCKER_EN);
    expect(r.stdout).not.toMatch(/не удалось собрать[^\n]*[Dd]ocker/);
    const md = (await bundleMembers(out)).get('report.md')!.toString();
    expect(md).toContain(`## Примечания\n\nЗамечания, сделанные при сборе. Это не ошибки: пробелов в собранных данных из-за них нет.\n\n- ssh:demo: ${DOCKER_RU}\n`);
  }, 60_000);

  it('--json: a notes array beside errors (English and message id), the errors as before', async () => {
    const r = await runCli([...args, '--out', join(dir, 'json.zip'), '--json', '--lang', 'ru'], { env: env() });
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: unknown[]; errors: { source: string; message: string }[]; notes: unknown[]; bundle: { path: string } };
    expect(doc.notes).toEqual([{ source: 'ssh:demo', message: DOCKER_EN, text: { key: 'ssh.note.dockerMissing' } }]);
    expect(doc.errors.filter((e) => /docker/i.test(e.message))).toEqual([]);
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(doc.bundle.path).toBe(join(dir, 'json.zip'));
  }, 60_000);
});
