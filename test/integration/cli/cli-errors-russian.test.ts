import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH_PROSE, prose } from '../../helpers/english-prose';
import { runCli } from '../../helpers/run-cli';
import { bundleMembers, rewritten } from '../../helpers/bundle-bytes';
import { closedPort } from '../../helpers/kube/reach-kubeconfig';

/** No locale from the machine running the tests: each test says which one it means. */
const NO_LOCALE = { LANG: '', LC_ALL: '', LC_MESSAGES: '' };
const CASE = resolve(__dirname, '../../fixtures/cases/tls-certificate-expired-runner-journal/evidence');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-errors-ru-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Each line of an output: Russian, with no English prose left once the given values (names, paths) are taken out. */
function expectRussian(output: string, values: readonly string[] = []): void {
  const lines = output.split('\n').filter((l) => l.trim());
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const text = prose(line, values);
    expect(text, line).not.toMatch(ENGLISH_PROSE);
    expect(line, line).toMatch(/\p{Script=Cyrillic}/u);
  }
}

const ru = (args: string[]) => runCli([...args, '--lang', 'ru'], { env: NO_LOCALE });
const en = (args: string[]) => runCli(args, { env: NO_LOCALE });

describe("what the CLI passes on from its readers, in Russian", () => {
  it('a kubeconfig that is not valid YAML: where and what, in Russian; English keeps the YAML library\'s sentence', async () => {
    const file = join(dir, 'broken-kubeconfig.yaml');
    await writeFile(file, 'apiVersion: v1\nkind: Config\nclusters: [\n  - {name: c');
    const args = ['collect', '--kube-context', 'x', '--kubeconfig', file, '--out', join(dir, 'k.zip')];
    const r = await ru(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`runner-doctor: Не удаётся разобрать kubeconfig ${file}: ошибка синтаксиса YAML в строке 4, столбце 13: неверный отступ\n`);
    expectRussian(r.stderr, [file]);
    const e = await en(args);
    expect(e.stderr).toBe(`runner-doctor: Cannot parse kubeconfig ${file}: Flow map in block collection must be sufficiently indented and end with a } at line 4, column 13:\n`);
  });

  it('a kubeconfig without the context asked for names the ones it has', async () => {
    const file = join(dir, 'kubeconfig.yaml');
    await writeFile(file, 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\ncontexts:\n- name: lab\n  context: {cluster: c}\n');
    const args = ['collect', '--kube-context', 'prod', '--kubeconfig', file, '--out', join(dir, 'k.zip')];
    const r = await ru(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`runner-doctor: Контекста «prod» нет в ${file} (там есть: lab)\n`);
    expectRussian(r.stderr, [file]);
    expect((await en(args)).stderr).toBe(`runner-doctor: Context "prod" is not in ${file} (it has: lab)\n`);
  });

  it('a malformed ssh config: file, line and the mistake, in Russian', async () => {
    const config = join(dir, 'ssh_config');
    await writeFile(config, 'Host build\n  HostName\n');
    const args = ['collect', '--ssh', 'build', '--ssh-config', config, '--known-hosts', join(dir, 'known_hosts'), '--out', join(dir, 's.zip')];
    const r = await ru(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`runner-doctor: ${config}:2: у hostname должно быть значение\n`);
    expectRussian(r.stderr, [config, 'hostname']);
    expect((await en(args)).stderr).toBe(`runner-doctor: ${config}:2: hostname needs a value\n`);
  });

  it('a host spec that is not one', async () => {
    const args = ['collect', '--ssh', 'deploy@:22', '--known-hosts', join(dir, 'known_hosts'), '--out', join(dir, 's.zip')];
    const r = await ru(args);
    expect(r.stderr).toBe('runner-doctor: Неверно указан SSH-хост «deploy@:22»: пустое имя хоста\n');
    expectRussian(r.stderr);
    expect((await en(args)).stderr).toBe('runner-doctor: Invalid SSH host "deploy@:22": empty host name\n');
  });

  it("an unknown option is worded by the CLI, not by Node, in Russian", async () => {
    const r = await ru(['collect', '--demo', '--outt', 'x.zip']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('runner-doctor: неизвестный параметр «--outt»; см. runner-doctor --help\n');
    expect((await en(['collect', '--demo', '--outt', 'x.zip'])).stderr).toBe("runner-doctor: Unknown option '--outt'\n");
    const redact = await ru(['bundle', 'redact', 'in.zip', '--outt', 'x.zip']);
    expect(redact.code).toBe(2);
    expect(redact.stderr).toMatch(/^runner-doctor: неизвестный параметр «--outt»; см\. runner-doctor --help/);
    const value = await ru(['analyze', '--json=yes']);
    expect(value.stderr).toBe('runner-doctor: параметр --json не принимает значения\n');
  });

  it('bundle verify on a file that is not a zip gives the zip library\'s reason in Russian', async () => {
    const file = join(dir, 'not-a-bundle.zip');
    await writeFile(file, 'this is a text file, not a zip archive\n');
    const r = await ru(['bundle', 'verify', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`runner-doctor: ${file} — не читаемый zip-файл: в конце файла нет оглавления zip-архива: это не zip-файл или он обрезан\n`);
    expectRussian(r.stderr, [file]);
    expect((await en(['bundle', 'verify', file])).stderr).toBe(
      `runner-doctor: ${file} is not a readable zip file: End of central directory record signature not found. Either not a zip file, or file is truncated.\n`,
    );
  });

  it('bundle verify on an altered bundle: each problem line in Russian', async () => {
    const bundle = join(dir, 'made.zip');
    expect((await en(['collect', '--files', CASE, '--out', bundle])).code).toBeLessThan(2);
    const altered = join(dir, 'altered.zip');
    await rewritten(bundle, altered, (name, data) => (name === 'report.md' ? Buffer.concat([data, Buffer.from('edited\n')]) : data), ['notes.txt', Buffer.from('hi')]);
    const r = await ru(['bundle', 'verify', altered]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^.*altered\.zip: НЕ ПРОШЁЛ ПРОВЕРКУ \(3 проблемы\)\n/);
    expect(r.stdout).toMatch(/\n {2}размер: report\.md занимает \d+ Б, а в манифесте указано \d+ Б\n/);
    expect(r.stdout).toContain('\n  sha256: report.md не совпадает с манифестом\n');
    expect(r.stdout).toContain('\n  лишний файл: notes.txt есть в бандле, но не указан в манифесте\n');
    expectRussian(r.stdout, [altered]);
    const e = await en(['bundle', 'verify', altered]);
    expect(e.stdout).toContain('\n  sha256: report.md does not match the manifest\n  unlisted: notes.txt is in the bundle but not in the manifest\n');
    const analyzed = await ru(['analyze', altered]);
    expect(analyzed.stderr).toMatch(/не совпадает с манифестом/);
  });

  it('an unreachable context: the collection error in Russian on stdout and in report.md, its id beside the English in manifest.json', async () => {
    const port = await closedPort();
    const file = join(dir, 'stopped-kubeconfig.yaml');
    await writeFile(
      file,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:${port}"}\ncontexts:\n- name: stopped\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user: {token: abc}\ncurrent-context: stopped\n`,
    );
    const out = join(dir, 'stopped.zip');
    const args = ['collect', '--kube-context', 'stopped', '--kubeconfig', file, '--out', out];
    const r = await ru(args);
    expect(r.code).toBe(3);
    const line = `не удалось собрать kube:stopped/default: Кластер контекста stopped по адресу https://127.0.0.1:${port} недоступен: в соединении отказано (connect ECONNREFUSED 127.0.0.1:${port})`;
    expect(r.stdout).toContain(`${line}\n`);
    expectRussian(r.stdout, ['kube:stopped/default', 'ECONNREFUSED']);
    const members = await bundleMembers(out);
    expect(members.get('report.md')!.toString()).toContain(`- kube:stopped/default: Кластер контекста stopped по адресу https://127.0.0.1:${port} недоступен`);
    const manifest = JSON.parse(members.get('manifest.json')!.toString()) as { errors: { source: string; message: string; text?: unknown }[] };
    expect(manifest.errors).toEqual([
      {
        source: 'kube:stopped/default',
        message: `Cannot reach the cluster of context stopped at https://127.0.0.1:${port}: connection refused (connect ECONNREFUSED 127.0.0.1:${port})`,
        text: expect.objectContaining({ key: 'kube.cannotReach' }),
      },
    ]);
    const e = await en([...args.slice(0, -1), join(dir, 'stopped-en.zip')]);
    expect(e.stdout).toContain(`could not collect kube:stopped/default: Cannot reach the cluster of context stopped at https://127.0.0.1:${port}: connection refused (connect ECONNREFUSED 127.0.0.1:${port})\n`);
  });

  it('an unreachable SSH host: the collection error in Russian', async () => {
    const port = await closedPort();
    const config = join(dir, 'ssh_config_down');
    await writeFile(config, `Host build\n  HostName 127.0.0.1\n  Port ${port}\n  User deploy\n`);
    const args = ['collect', '--ssh', 'build', '--ssh-config', config, '--known-hosts', join(dir, 'known_hosts')];
    const r = await ru([...args, '--out', join(dir, 'down.zip')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`не удалось собрать ssh:build: deploy@127.0.0.1:${port} отклонил соединение: запущен ли sshd и верен ли порт?\n`);
    expectRussian(r.stdout, ['ssh:build', 'sshd']);
    const e = await en([...args, '--out', join(dir, 'down-en.zip')]);
    expect(e.stdout).toContain(`could not collect ssh:build: Connection to deploy@127.0.0.1:${port} refused: is sshd running and is the port right?\n`);
  });
});
