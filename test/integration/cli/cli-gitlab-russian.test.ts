import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH_PROSE, prose } from '../../helpers/english-prose';
import { runCli } from '../../helpers/run-cli';
import { bundleMembers } from '../../helpers/bundle-bytes';
import { closedPort } from '../../helpers/kube/reach-kubeconfig';
import { startGitlabLab, type GitlabLab } from '../../helpers/gitlab/gitlab-lab';

/** No locale from the machine running the tests: each test says which one it means. */
const NO_LOCALE = { LANG: '', LC_ALL: '', LC_MESSAGES: '' };
/** A well-formed personal access token the lab's GitLab does not know. */
const UNKNOWN_TOKEN = 'glpat-UnknownLabToken0099';

let dir: string;
let lab: GitlabLab;
let caFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-gitlab-ru-'));
  lab = await startGitlabLab();
  caFile = join(dir, 'ca.pem');
  await writeFile(caFile, lab.caPem);
});
afterAll(async () => {
  await lab.close();
  await rm(dir, { recursive: true, force: true });
});

const collect = (url: string, out: string, lang: 'ru' | 'en', extra: string[] = []) =>
  runCli(['collect', '--gitlab-url', url, ...extra, '--out', out, ...(lang === 'ru' ? ['--lang', 'ru'] : [])], {
    env: { ...NO_LOCALE, GITLAB_TOKEN: UNKNOWN_TOKEN },
  });

/** The line about the GitLab source: Russian, with no English prose once the values it quotes are taken out. */
function failureLine(stdout: string, source: string): string {
  const line = stdout.split('\n').find((l) => l.includes(source));
  expect(line, stdout).toBeDefined();
  expect(line).toMatch(/\p{Script=Cyrillic}/u);
  expect(prose(line!, [source])).not.toMatch(ENGLISH_PROSE);
  return line!;
}

describe('what the GitLab collector says, in Russian', () => {
  it('a GitLab URL where nothing listens: refused, in Russian on stdout and in report.md, its id beside the English in manifest.json', async () => {
    const port = await closedPort();
    const url = `https://127.0.0.1:${port}`;
    const source = `gitlab:127.0.0.1:${port}`;
    const out = join(dir, 'refused.zip');
    const r = await collect(url, out, 'ru');
    expect(r.code).toBe(3);
    const sentence = `127.0.0.1:${port} отклонил соединение: там ничего не слушает, или его отвергает файрвол. Проверьте порт в URL и что GitLab запущен.`;
    expect(failureLine(r.stdout, source)).toBe(`не удалось собрать ${source}: ${sentence}`);
    const members = await bundleMembers(out);
    expect(members.get('report.md')!.toString()).toContain(`- ${source}: ${sentence}`);
    const manifest = JSON.parse(members.get('manifest.json')!.toString()) as { errors: { source: string; message: string; text?: unknown }[] };
    const english = `Connection refused by 127.0.0.1:${port}: nothing is listening there, or a firewall rejects it. Check the URL's port and that GitLab is running.`;
    expect(manifest.errors).toEqual([{ source, message: english, text: { key: 'gitlab.net.refused', params: { host: `127.0.0.1:${port}` } } }]);
    const e = await collect(url, join(dir, 'refused-en.zip'), 'en');
    expect(e.stdout).toContain(`could not collect ${source}: ${english}\n`);
  });

  it("the demo lab's GitLab and a token it does not know: 401 in Russian, the token never shown", async () => {
    const source = `gitlab:127.0.0.1:${lab.server.port}`;
    const r = await collect(lab.url, join(dir, 'unauthorized.zip'), 'ru', ['--gitlab-ca-file', caFile]);
    expect(r.code).toBe(3);
    expect(failureLine(r.stdout, source)).toBe(
      `не удалось собрать ${source}: GitLab отверг токен (401 Unauthorized на GET /version): токен неверен, истёк или отозван. ` +
        'Создайте новый персональный токен доступа (с правами read_api, или api для исправлений) и повторите попытку.',
    );
    expect(r.stdout + r.stderr).not.toContain(UNKNOWN_TOKEN);
    const e = await collect(lab.url, join(dir, 'unauthorized-en.zip'), 'en', ['--gitlab-ca-file', caFile]);
    expect(e.stdout).toContain(
      `could not collect ${source}: GitLab rejected the token (401 Unauthorized on GET /version): it is wrong, expired or revoked. ` +
        'Create a new personal access token (scope read_api, or api for fixes) and try again.\n',
    );
  });
});
