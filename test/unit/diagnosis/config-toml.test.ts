import { describe, expect, it } from 'vitest';
import { extractRunnerConfig, type RunnerConfigFact } from '../../../electron/core/diagnosis/extract/config-toml';
import { issuesForRunner } from '../../../electron/core/diagnosis/extract/config-releases';
import { SCHEMA_SOURCE } from '../../../electron/core/diagnosis/extract/config-schema';
import { tomlKeyLines } from '../../../electron/core/diagnosis/extract/toml-lines';
import { emptyFacts } from '../../../electron/core/diagnosis/facts';

function lint(text: string, template = false): RunnerConfigFact {
  return extractRunnerConfig(text, { file: 'config.toml', origin: 'config.toml', fileLine: (n) => n }, emptyFacts(), template);
}

const messages = (c: RunnerConfigFact) => c.issues.map((i) => `${i.severity}: ${i.message}`);
/** Warnings and errors only. */
const notes = (c: RunnerConfigFact) => messages(c).filter((m) => !m.startsWith('info:'));

const VALID = `concurrent = 4
check_interval = 0

[session_server]
  session_timeout = 1800

[[runners]]
  name = "a"
  url = "https://gitlab.example.com/"
  id = 7
  token = "glrt-t1_Zz9Yy8Xx7Ww6Vv5Uu4Tt"
  token_obtained_at = 2025-09-01T00:00:00Z
  token_expires_at = 0001-01-01T00:00:00Z
  executor = "docker"
  request_concurrency = 2
  [runners.docker]
    image = "alpine"
    volumes = ["/cache"]
    [[runners.docker.services]]
      name = "postgres:16"
  [runners.kubernetes]
    helper_memory_request_overwrite_max_allowed = "1Gi"
`;

describe('config.toml parser and linter', () => {
  it('accepts a valid config and reads its runners', () => {
    const c = lint(VALID);
    expect(notes(c)).toEqual([]);
    expect(c.concurrent).toBe(4);
    expect(c.runners[0]).toMatchObject({ name: 'a', id: 7, tokenKind: 'runner-auth', tokenExpiresAt: 'never', requestConcurrency: 2, executor: 'docker' });
  });

  it("reads Go's zero time as 'never' and a real date as a date", () => {
    const c = lint(VALID.replace('token_expires_at = 0001-01-01T00:00:00Z', 'token_expires_at = 2025-12-01T00:00:00Z'));
    expect(c.runners[0]?.tokenExpiresAt).toEqual(new Date('2025-12-01T00:00:00Z'));
  });

  it('reports a syntax error with its line and column', () => {
    const c = lint('concurrent = 1\n[[runners]]\n  url = "https://x/\n  token = "t"\n');
    expect(c.parsed).toBe(false);
    expect(c.issues).toHaveLength(1);
    expect(c.issues[0]).toMatchObject({ severity: 'error', tomlLine: 3 });
    expect(c.issues[0]?.message).toMatch(/line 3, column \d+/);
    expect(c.atLine(3)).toEqual({ file: 'config.toml', line: 3, excerpt: 'url = "https://x/' });
  });

  it('reports what the runner cannot decode as errors and unknown keys as warnings naming the nearest key', () => {
    const c = lint(VALID.replace('concurrent = 4', 'concurrent = "4"').replace('  request_concurrency = 2', '  request_concurency = 2'));
    expect(messages(c)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error: `concurrent` must be an integer, not a string value; gitlab-runner refuses to load the file \(`incompatible types: TOML value has type string; destination has type integer`\)/),
        expect.stringMatching(/^warning: Unknown key `request_concurency` in \[runners\].*did you mean `request_concurrency`\?/),
      ]),
    );
    expect(messages(c).join('\n')).not.toMatch(/not set/);
  });

  it('reads a file without `concurrent` as the runner does: 1, set before decoding', () => {
    const c = lint(VALID.replace('concurrent = 4\n', '').replace('  request_concurrency = 2\n', ''));
    expect(notes(c)).toEqual([]);
    expect(messages(lint(VALID.replace('concurrent = 4\n', ''))).join('\n')).toMatch(/`request_concurrency = 2` is higher than `concurrent = 1`/);
  });

  it('warns about camelCase spellings in every section, citing the key line', () => {
    const c = lint(VALID.replace('    image = "alpine"', '    image = "alpine"\n    pullPolicy = "always"'));
    const issue = c.issues.find((i) => i.path === 'runners[0].docker.pullPolicy');
    expect(issue).toMatchObject({ severity: 'warning' });
    expect(issue?.message).toMatch(/did you mean `pull_policy`\?/);
    expect(c.at(issue!.path!).excerpt).toBe('pullPolicy = "always"');
  });

  it('says where a key of another section belongs', () => {
    const c = lint(VALID.replace('  request_concurrency = 2', '  request_concurrency = 2\n  privileged = true'));
    expect(c.issues.find((i) => i.path === 'runners[0].privileged')?.message).toMatch(/it belongs in \[runners\.docker\]/);
  });

  it('matches keys ignoring case, as BurntSushi/toml does', () => {
    expect(notes(lint(VALID.replace('  executor = "docker"', '  Executor = "docker"')))).toEqual([]);
  });

  it('accepts tables of string lists and the key families of the kubernetes section', () => {
    const c = lint(VALID.replace('    volumes = ["/cache"]', '    volumes = ["/cache"]\n    [runners.docker.services_devices]\n      "postgres:*" = ["/dev/fuse"]'));
    expect(notes(c)).toEqual([]);
  });

  it('refuses a dotted bare key in a map of strings, citing the key', () => {
    const c = lint(VALID.replace('    volumes = ["/cache"]', '    volumes = ["/cache"]\n    [runners.docker.sysctls]\n      net.ipv4.ip_forward = "1"'));
    const issue = c.issues.find((i) => i.severity === 'error');
    expect(issue?.message).toMatch(/`net\.ipv4\.ip_forward` in \[runners\.docker\.sysctls\].*Quote the key: `"net\.ipv4\.ip_forward" = …`/);
    expect(c.at(issue!.path!).excerpt).toBe('net.ipv4.ip_forward = "1"');
  });

  it('refuses durations, log levels and integers the runner cannot take', () => {
    const c = lint(`log_level = "verbose"\n${VALID.replace('  request_concurrency = 2', '  request_concurrency = 2\n  unhealthy_interval = "60"')}`);
    expect(messages(c)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error: `log_level = "verbose"`/),
        expect.stringMatching(/^error: `unhealthy_interval = "60"` is not a duration.*invalid duration: "60"/),
      ]),
    );
  });

  it('checks concurrent, url, request_concurrency against limit and concurrent', () => {
    const c = lint(VALID.replace('concurrent = 4', 'concurrent = 0').replace('https://gitlab.example.com/', 'https://gitlab.example.com/api/v4').replace('request_concurrency = 2', 'request_concurrency = 8\n  limit = 2'));
    const text = messages(c).join('\n');
    expect(text).toMatch(/error: `concurrent = 0`: gitlab-runner exits with "Current configuration 'concurrent = 0' means that no jobs will be processed"/);
    expect(text).toMatch(/warning: .*not the GitLab instance root/);
    expect(text).toMatch(/warning: .*`request_concurrency = 8` is higher than `limit = 2`/);
  });

  it("quotes the runner's own load-time warnings", () => {
    const text = messages(lint(VALID.replace('https://gitlab.example.com/', 'gitlab.example.com').replace('request_concurrency = 2', 'request_concurrency = 2\n  shell = "fish"'))).join('\n');
    expect(text).toMatch(/warning: .*only http or https scheme supported/);
    expect(text).toMatch(/warning: `shell` must be one of bash, sh, cmd, pwsh, powershell \(gitlab-runner logs "There might be a problem with your config/);
    expect(messages(lint(VALID.replace('https://gitlab.example.com/', 'https://gitlab.example.com/ci'))).join('\n')).toMatch(/legacy '\/ci' suffix/);
  });

  it('refuses labels the runner refuses, at the label', () => {
    const c = lint(VALID.replace('[session_server]', '[labels]\n  team = "platform"\n\n[session_server]').replace('  request_concurrency = 2', '  request_concurrency = 2\n  [runners.labels]\n    "a" = "x"\n    env = "prod west"'));
    const errors = c.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => c.at(i.path!).excerpt)).toEqual(['"a" = "x"', 'env = "prod west"']);
    expect(errors[0]?.message).toMatch(/invalid label key, doesn't match/);
    expect(errors[1]?.message).toMatch(/invalid label value, doesn't match/);
  });

  it('does not require url and token in the Helm chart template', () => {
    expect(notes(lint('[[runners]]\n  executor = "kubernetes"\n', true))).toEqual([]);
  });

  it('judges keys by the runner version in the evidence', () => {
    const c = lint(VALID.replace('  request_concurrency = 2', '  request_concurrency = 2\n  pre_clone_script = "echo hi"'));
    const removed = c.issues.find((i) => i.path === 'runners[0].pre_clone_script');
    expect(removed).toMatchObject({ severity: 'warning', removedIn: '17.0' });
    expect(removed?.message).toMatch(/no longer read since gitlab-runner 17\.0: this feature is off; use `pre_get_sources_script`/);
    const at = { file: 'v', line: 1, excerpt: 'Version: 16.11.0' };
    expect(issuesForRunner(c, { product: 'runner', version: '16.11.0', via: 'gitlab-runner --version', ...at }).find((i) => i.path === removed!.path)?.severity).toBe('info');
    const old = issuesForRunner(c, { product: 'runner', version: '15.2.1', via: 'gitlab-runner --version', ...at });
    expect(old.map((i) => `${i.severity}: ${i.message}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^warning: `token_obtained_at` in \[runners\] is not supported by your runner 15\.2 \(gitlab-runner --version\), added in 15\.3/)]),
    );
  });

  it('judges a value by the form each runner release decodes, when the key changed type', () => {
    const at = { file: 'v', line: 1, excerpt: 'Version' };
    const runner = (version: string) => ({ product: 'runner' as const, version, via: 'gitlab-runner --version', ...at });
    const strings = lint(VALID.replace('    [[runners.docker.services]]\n      name = "postgres:16"\n', '    services = ["postgres:16"]\n'));
    const refused = strings.issues.find((i) => i.path === 'runners[0].docker.services[0]' || i.path === 'runners[0].docker.services');
    expect(refused?.severity).toBe('error');
    expect(refused?.message).toMatch(/gitlab-runner 1\.0 up to \(not including\) 13\.0 read this form\./);
    expect(strings.at(refused!.path!).excerpt).toBe('services = ["postgres:16"]');
    const onOld = issuesForRunner(strings, runner('12.9.0')).find((i) => i.path === refused!.path);
    expect(onOld).toMatchObject({ severity: 'info' });
    expect(onOld?.message).toMatch(/your runner 12\.9 still reads this form; gitlab-runner 13\.0 and later refuse it/);

    const list = lint(VALID.replace('    image = "alpine"', '    image = "alpine"\n    pull_policy = ["always", "if-not-present"]'));
    expect(notes(list)).toEqual([]);
    const onOld2 = issuesForRunner(list, runner('13.2.0')).filter((i) => i.severity === 'error');
    expect(onOld2.map((i) => i.message)).toEqual([expect.stringMatching(/^`pull_policy`: your runner 13\.2 \(gitlab-runner --version\) cannot decode this value and refuses to load the file; gitlab-runner 13\.8 and later read this form\./)]);
  });

  it('names the runner release the schema came from', () => {
    expect(SCHEMA_SOURCE.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(SCHEMA_SOURCE.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('maps keys to lines, including array-of-tables and implicit parents', () => {
    const lines = tomlKeyLines(VALID);
    expect(lines.get('runners[0].token')).toBe(11);
    expect(lines.get('runners[0].docker.services[0].name')).toBe(20);
    expect(lines.get('runners[0].kubernetes')).toBe(21);
    expect(lines.get('session_server.session_timeout')).toBe(5);
  });
});
