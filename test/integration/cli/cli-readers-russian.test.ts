import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listContexts } from '../../../electron/core/kube/contexts';
import { formatError } from '../../../shared/i18n/text';
import { ENGLISH_PROSE, prose } from '../../helpers/english-prose';
import { closedPort } from '../../helpers/kube/reach-kubeconfig';
import { runCli } from '../../helpers/run-cli';

/** What the kubeconfig and ssh config readers skip or refuse, as the CLI and the app word it in Russian. */
const NO_LOCALE = { LANG: '', LC_ALL: '', LC_MESSAGES: '' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-readers-ru-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Russian, with no English prose once the given values (files, names, options) are taken out. */
function expectRussian(line: string, values: readonly string[]): void {
  expect(prose(line, values), line).not.toMatch(ENGLISH_PROSE);
  expect(line, line).toMatch(/\p{Script=Cyrillic}/u);
}

const ru = (args: string[]) => runCli([...args, '--lang', 'ru'], { env: { ...NO_LOCALE, HOME: dir, SSH_AUTH_SOCK: '' } });
const en = (args: string[]) => runCli(args, { env: { ...NO_LOCALE, HOME: dir, SSH_AUTH_SOCK: '' } });

/** A kubeconfig whose "prod" context names no cluster and whose "edge" cluster has no server: both skipped. */
async function skippingKubeconfig(): Promise<string> {
  const file = join(dir, 'skipping-kubeconfig.yaml');
  await writeFile(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: c',
      '  cluster: {server: "https://127.0.0.1:1"}',
      '- name: edge',
      '  cluster: {certificate-authority-data: AAAA}',
      '- cluster: {server: "https://127.0.0.1:2"}',
      'contexts:',
      '- name: lab',
      '  context: {cluster: c}',
      '- name: prod',
      '  context: {namespace: runners}',
      'users: {name: u}',
      '',
    ].join('\n'),
  );
  return file;
}

describe('kubeconfig reader warnings', () => {
  it('collect prints what the kubeconfig reader skipped, in Russian, before the error it explains; English unchanged', async () => {
    const file = await skippingKubeconfig();
    const args = ['collect', '--kube-context', 'prod', '--kubeconfig', file, '--out', join(dir, 'k.zip')];
    const r = await ru(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        `runner-doctor: предупреждение: ${file}: у кластера «edge» не указан server; пропущен`,
        `runner-doctor: предупреждение: ${file}: у записи в clusters нет имени; пропущена`,
        `runner-doctor: предупреждение: ${file}: users — не список; пропущено`,
        `runner-doctor: предупреждение: ${file}: в контексте «prod» не указан кластер; пропущен`,
        `runner-doctor: Контекста «prod» нет в ${file} (там есть: lab)`,
        '',
      ].join('\n'),
    );
    for (const line of r.stderr.trim().split('\n')) expectRussian(line, [file, 'runner-doctor', 'server', 'clusters', 'users']);
    const e = await en(args);
    expect(e.stderr).toBe(
      [
        `runner-doctor: warning: ${file}: cluster "edge" has no server; ignored`,
        `runner-doctor: warning: ${file}: an entry in clusters has no name; ignored`,
        `runner-doctor: warning: ${file}: users is not a list; ignored`,
        `runner-doctor: warning: ${file}: context "prod" names no cluster; ignored`,
        `runner-doctor: Context "prod" is not in ${file} (it has: lab)`,
        '',
      ].join('\n'),
    );
  });

  it('the app lists the same warnings with their message ids, worded in Russian by the window', async () => {
    const file = await skippingKubeconfig();
    const list = await listContexts(file);
    expect(list.contexts.map((c) => c.name)).toEqual(['lab']);
    expect(list.warnings).toEqual([
      `${file}: cluster "edge" has no server; ignored`,
      `${file}: an entry in clusters has no name; ignored`,
      `${file}: users is not a list; ignored`,
      `${file}: context "prod" names no cluster; ignored`,
    ]);
    expect(list.warningTexts.map((w) => formatError(w))).toEqual(list.warnings);
    expect(list.warningTexts.map((w) => formatError(w, 'ru'))[3]).toBe(`${file}: в контексте «prod» не указан кластер; пропущен`);
  });
});

describe('ssh config reader warnings and refusals', () => {
  it('a Match exec block is skipped with a warning, and a ProxyCommand refused, in Russian; English unchanged', async () => {
    const port = await closedPort();
    const config = join(dir, 'ssh_config');
    await writeFile(
      config,
      [`Match exec "test -e /etc/vpn-up"`, '  User vpn', 'Host build', '  HostName 127.0.0.1', `  Port ${port}`, '  User deploy', 'Host hidden', '  ProxyCommand nc -X connect -x proxy:3128 %h %p', ''].join('\n'),
    );
    const args = ['collect', '--ssh', 'build', '--ssh', 'hidden', '--ssh-config', config, '--known-hosts', join(dir, 'known_hosts')];
    const r = await ru([...args, '--out', join(dir, 's.zip')]);
    expect(r.code).toBe(3);
    const matchLine = `не удалось собрать ssh:build: конфигурация ssh: ${config}:1: условие «Match exec» не проверялось (Runner Doctor не запускает команды из конфигурации ssh); блок пропущен\n`;
    expect(r.stdout).toContain(matchLine);
    expectRussian(matchLine, ['ssh:build', `${config}:1`]);
    const proxyLine = 'не удалось собрать ssh:hidden: hidden использует ProxyCommand «nc -X connect -x proxy:3128 %h %p», а Runner Doctor его не запускает; используйте ProxyJump\n';
    expect(r.stdout).toContain(proxyLine);
    expectRussian(proxyLine, ['ssh:hidden', 'hidden', 'ProxyCommand', 'ProxyJump']);
    const e = await en([...args, '--out', join(dir, 's-en.zip')]);
    expect(e.stdout).toContain(`could not collect ssh:build: ssh config: ${config}:1: "Match exec" was not evaluated (Runner Doctor runs no commands from ssh config); the block is skipped\n`);
    expect(e.stdout).toContain('could not collect ssh:hidden: hidden uses ProxyCommand "nc -X connect -x proxy:3128 %h %p", which Runner Doctor does not run; use ProxyJump instead\n');
  });
});
