import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipReader } from '../../../electron/core/evidence/bundle/zip-reader';
import { runCli } from '../../helpers/run-cli';

const CASE = resolve(__dirname, '../../fixtures/cases/tls-certificate-expired-runner-journal/evidence');
/** No locale from the machine running the tests: each test says which one it means. */
const NO_LOCALE = { LANG: '', LC_ALL: '', LC_MESSAGES: '' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-lang-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the CLI in English and Russian', () => {
  it('analyze --lang ru prints the summary line, the stories and the finding in Russian', async () => {
    const r = await runCli(['analyze', CASE, '--lang', 'ru'], { env: NO_LOCALE });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^1 находка: 1 ошибка\.\n\nКоротко:\n {2}ОШИБКА TLS-сертификат истёк\n/);
    expect(r.stdout).toContain('ОШИБКА tls-certificate-expired: TLS-сертификат истёк (gitlab.corp.example)');
    expect(r.stdout).toContain('часы раннера показывали 2026-04-18T23:19:45Z, а сертификат действителен до 2026-04-18T16:13:31Z');
    expect(r.stdout).toContain('  исправление: Перевыпустить истёкший сертификат и перезагрузить сервер — ');
    expect(r.stdout).toContain('  исключено: Сертификат отвергнут из-за дат');
    expect(r.stdout).not.toMatch(/A TLS certificate has expired|ruled out:|  fix:|In short/);
  });

  it('follows the locale when --lang is not given; LC_ALL wins over LANG', async () => {
    const ru = await runCli(['analyze', CASE], { env: { ...NO_LOCALE, LANG: 'ru_RU.UTF-8' } });
    expect(ru.stdout).toMatch(/^1 находка: 1 ошибка\./);
    const en = await runCli(['analyze', CASE], { env: { ...NO_LOCALE, LANG: 'ru_RU.UTF-8', LC_ALL: 'C' } });
    expect(en.stdout).toMatch(/^1 finding: 1 error\.\n\nIn short:\n {2}ERROR TLS certificate expired\n/);
    expect(en.stdout).toContain('ERROR tls-certificate-expired: A TLS certificate has expired (gitlab.corp.example)');
    const forced = await runCli(['analyze', '--lang=en', CASE], { env: { ...NO_LOCALE, LANG: 'ru_RU.UTF-8' } });
    expect(forced.stdout).toMatch(/^1 finding: 1 error\./);
  });

  it('keeps findings.json English under --lang ru, with the message ids beside the text', async () => {
    const r = await runCli(['analyze', CASE, '--json', '--lang', 'ru'], { env: NO_LOCALE });
    const doc = JSON.parse(r.stdout) as { findings: { title: string; messages: { title: { key: string; params: Record<string, string> } } }[] };
    expect(doc.findings[0]!.title).toBe('A TLS certificate has expired (gitlab.corp.example)');
    expect(doc.findings[0]!.messages.title).toEqual({ key: 'tls-certificate-expired.title.expired.host', params: { host: 'gitlab.corp.example' } });
  });

  it('says its one-line errors in the chosen language, English by default', async () => {
    const ru = await runCli(['collect'], { env: { ...NO_LOCALE, LANG: 'ru_RU.UTF-8' } });
    expect(ru.code).toBe(2);
    expect(ru.stderr).toBe('runner-doctor: collect нужен хотя бы один источник: --demo, --kube-context, --gitlab-url, --ssh или --files\n');
    const missing = await runCli(['analyze', join(dir, 'nowhere'), '--lang', 'ru'], { env: NO_LOCALE });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`runner-doctor: ${join(dir, 'nowhere')}: нет такого файла или папки\n`);
    const unknown = await runCli(['colect', '--lang=ru'], { env: NO_LOCALE });
    expect(unknown.stderr).toBe('runner-doctor: неизвестная команда "colect"; см. runner-doctor --help\n');
    const fix = await runCli(['fix', '--plan'], { env: { ...NO_LOCALE, LC_ALL: 'ru_RU.UTF-8' } });
    expect(fix.code).toBe(2);
    expect(fix.stderr).toBe('runner-doctor: fix нужен ровно один FINDING_ID, например runner-doctor fix job-stuck-running --plan --gitlab-url URL\n');
    const notZip = join(dir, 'not-a-bundle.zip');
    await writeFile(notZip, 'not a zip\n');
    const bad = await runCli(['analyze', notZip, '--lang', 'ru'], { env: NO_LOCALE });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^runner-doctor: ${notZip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — не читаемый zip-файл: .+\n$`));
    const badEn = await runCli(['bundle', 'verify', notZip], { env: NO_LOCALE });
    expect(badEn.stderr).toContain(`runner-doctor: ${notZip} is not a readable zip file: `);
    const en = await runCli(['collect'], { env: NO_LOCALE });
    expect(en.stderr).toBe('runner-doctor: collect needs at least one source: --demo, --kube-context, --gitlab-url, --ssh or --files\n');
  });

  it('prints --help in the chosen language: descriptions translated, commands and flags as they are typed', async () => {
    const ru = await runCli(['--help', '--lang', 'ru'], { env: NO_LOCALE });
    expect(ru.code).toBe(0);
    expect(ru.stdout).toMatch(/^runner-doctor — диагностика GitLab Runner в Kubernetes, на SSH-хостах и через GitLab API\n\nИспользование:\n {2}runner-doctor analyze PATH\.\.\. \[--json\] \[--no-redact\] \[--lang en\|ru\]\n/);
    expect(ru.stdout).toContain('        --kube-context NAME            контекст kubeconfig (можно повторять)\n');
    expect(ru.stdout).toContain('\nКоды выхода: 0 — ничего не найдено');
    const byLocale = await runCli(['collect', '--help'], { env: { ...NO_LOCALE, LANG: 'ru_RU.UTF-8' } });
    expect(byLocale.stdout).toBe(ru.stdout);
    const en = await runCli(['--help'], { env: NO_LOCALE });
    expect(en.stdout).toMatch(/^runner-doctor — diagnose GitLab Runner on Kubernetes, SSH hosts and the GitLab API\n\nUsage:\n/);
    expect(en.stdout).toContain('        --kube-context NAME            a kubeconfig context (repeatable)\n');
    expect(en.stdout).toMatch(/\nExit codes: 0 nothing wrong found [^]*RUNNER_DOCTOR_DEBUG=1 adds its stack trace \(for a bug report\)\.\n$/);
    // Every line of one language has its counterpart in the other, at the same indentation.
    const indents = (text: string) => text.split('\n').map((l) => /^ */.exec(l)![0].length);
    expect(indents(ru.stdout)).toEqual(indents(en.stdout));
  });

  it('refuses a language it does not speak, as a usage error', async () => {
    const r = await runCli(['analyze', CASE, '--lang', 'fr'], { env: NO_LOCALE });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang must be one of en, ru');
    expect(r.stdout).toBe('');
  });

  it('collect --lang ru writes report.md and report.html in Russian and records the language in the manifest', async () => {
    const out = join(dir, 'demo-ru.zip');
    const r = await runCli(['collect', '--demo', '--lang', 'ru', '--out', out], { env: NO_LOCALE, timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\d+ находок: \d+ ошиб/);
    expect(r.stdout).toMatch(/\nБандл записан: .*demo-ru\.zip \(\d+ байт(а)?\)\n$/);
    const zip = await ZipReader.open(out);
    try {
      const manifest = JSON.parse(await zip.readText('manifest.json')) as { language?: string };
      expect(manifest.language).toBe('ru');
      const md = await zip.readText('report.md');
      expect(md).toMatch(/^# Отчёт Runner Doctor\n/);
      expect(md).toContain('## Находки (');
      expect(md).toContain('Сначала первопричины:');
      const html = await zip.readText('report.html');
      expect(html).toContain('<html lang="ru">');
      const findings = JSON.parse(await zip.readText('findings.json')) as { findings: { title: string }[] };
      expect(findings.findings.every((f) => /^[\x20-\x7e–—→…«»×’]+$/.test(f.title))).toBe(true);
    } finally {
      zip.close();
    }
    expect((await readFile(out)).length).toBeGreaterThan(1000);
  });
});
