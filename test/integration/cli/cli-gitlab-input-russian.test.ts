import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH_PROSE, prose } from '../../helpers/english-prose';
import { runCli } from '../../helpers/run-cli';
import { bundleMembers } from '../../helpers/bundle-bytes';
import { startGitlabLab, TOKENS, type GitlabLab } from '../../helpers/gitlab/gitlab-lab';

/** No locale from the machine running the tests: each test says which one it means. */
const NO_LOCALE = { LANG: '', LC_ALL: '', LC_MESSAGES: '' };

let dir: string;
let lab: GitlabLab;
let source: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-gitlab-input-ru-'));
  lab = await startGitlabLab();
  source = `gitlab:127.0.0.1:${lab.server.port}`;
});
afterAll(async () => {
  await lab.close();
  await rm(dir, { recursive: true, force: true });
});

async function collect(lang: 'ru' | 'en', name: string, opts: { caFile?: string; token?: string }) {
  const out = join(dir, `${name}-${lang}.zip`);
  const r = await runCli(
    ['collect', '--gitlab-url', lab.url, ...(opts.caFile ? ['--gitlab-ca-file', opts.caFile] : []), '--out', out, ...(lang === 'ru' ? ['--lang', 'ru'] : [])],
    { env: { ...NO_LOCALE, GITLAB_TOKEN: opts.token ?? TOKENS.admin } },
  );
  return { ...r, out };
}

/** The line about the GitLab source: all Russian once the values it quotes are taken out. */
function russianLine(stdout: string, values: string[]): string {
  const line = stdout.split('\n').find((l) => l.includes(source));
  expect(line, stdout).toBeDefined();
  expect(line).toMatch(/\p{Script=Cyrillic}/u);
  expect(prose(line!, [source, ...values])).not.toMatch(ENGLISH_PROSE);
  return line!;
}

/** The file, its Russian sentence and its unchanged English, in the CLI's output and the bundle's report. */
async function expectBoth(name: string, opts: { caFile?: string; token?: string }, russian: string, english: string, values: string[] = []) {
  const ru = await collect('ru', name, opts);
  expect(ru.code, ru.stderr).toBe(3);
  expect(russianLine(ru.stdout, values)).toBe(`не удалось собрать ${source}: ${russian}`);
  expect((await bundleMembers(ru.out)).get('report.md')!.toString()).toContain(`- ${source}: ${russian}`);
  const en = await collect('en', name, opts);
  expect(en.code, en.stderr).toBe(3);
  expect(en.stdout).toContain(`could not collect ${source}: ${english}\n`);
}

describe('a GitLab CA file or token the collector cannot use, in Russian', () => {
  it('a CA file with no PEM certificate in it (the CA exported as DER)', async () => {
    const der = join(dir, 'ca.der');
    await writeFile(der, new X509Certificate(lab.caPem).raw);
    await expectBoth(
      'der',
      { caFile: der },
      'В CA-файле нет сертификата в формате PEM (нет блока "-----BEGIN CERTIFICATE-----"). Экспортируйте CA-сертификат в PEM (Base-64), а не в DER.',
      'The CA file holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block). Export the CA certificate as PEM (Base-64), not DER.',
      ['"-----BEGIN CERTIFICATE-----"'],
    );
  });

  it('a CA file that holds a private key beside the certificate', async () => {
    const withKey = join(dir, 'ca-and-key.pem');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(withKey, `${lab.caPem}${privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()}`);
    await expectBoth(
      'key',
      { caFile: withKey },
      'В CA-файле есть закрытый ключ. Укажите только CA-сертификат (PEM), закрытые ключи в этот файл не кладите.',
      'The CA file contains a private key. Give only the CA certificate (PEM); keep private keys out of it.',
    );
  });

  it('a certificate block that is not a certificate', async () => {
    const broken = join(dir, 'broken.pem');
    await writeFile(broken, `${lab.caPem}-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n`);
    await expectBoth(
      'broken',
      { caFile: broken },
      'CA-файл: сертификат 2 из 2 — не корректный сертификат X.509.',
      'The CA file: certificate 2 of 2 is not a valid X.509 certificate.',
    );
  });

  it('a CA file that cannot be read (larger than a file can be read whole)', async () => {
    const huge = join(dir, 'huge.pem');
    await writeFile(huge, '');
    await truncate(huge, 3 * 1024 ** 3); // sparse: no disk used
    await expectBoth(
      'huge',
      { caFile: huge },
      `Не удаётся прочитать CA-файл ${huge} (ERR_FS_FILE_TOO_LARGE).`,
      `Cannot read the CA file ${huge} (ERR_FS_FILE_TOO_LARGE).`,
      [huge, 'ERR_FS_FILE_TOO_LARGE'],
    );
  });

  it('a CA file that does not exist: refused before collecting, in Russian', async () => {
    const missing = join(dir, 'missing.pem');
    const ru = await collect('ru', 'missing', { caFile: missing });
    expect(ru.code).toBe(2);
    expect(ru.stderr).toContain(`--gitlab-ca-file ${missing}: нет такого файла`);
  });

  it('a token pasted with a space in it: what to do, in Russian, and the token never shown', async () => {
    const token = 'glpat-Pasted Twice0001';
    await expectBoth(
      'spaces',
      { token },
      'В токене есть пробелы или управляющие символы: вставьте его заново, ровно так, как его показал GitLab.',
      'The token contains spaces or control characters; paste it again, exactly as GitLab showed it.',
    );
    const ru = await collect('ru', 'spaces-shown', { token });
    expect(ru.stdout + ru.stderr).not.toContain('Pasted');
  });
});
