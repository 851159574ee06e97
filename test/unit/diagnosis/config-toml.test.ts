import { describe, expect, it } from 'vitest';
import { extractRunnerConfig, type RunnerConfigFact } from '../../../electron/core/diagnosis/extract/config-toml';
import { tomlKeyLines } from '../../../electron/core/diagnosis/extract/toml-lines';
import { emptyFacts } from '../../../electron/core/diagnosis/facts';

function lint(text: string, template = false): RunnerConfigFact {
  return extractRunnerConfig(text, { file: 'config.toml', origin: 'config.toml', fileLine: (n) => n }, emptyFacts(), template);
}

const messages = (c: RunnerConfigFact) => c.issues.map((i) => `${i.severity}: ${i.message}`);

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
    expect(c.issues).toEqual([]);
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

  it('reports wrong types as errors and unknown keys as warnings, with a suggestion', () => {
    const c = lint(VALID.replace('concurrent = 4', 'concurrent = "4"').replace('  request_concurrency = 2', '  request_concurency = 2'));
    expect(messages(c)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error: `concurrent` is a string but must be an integer/),
        expect.stringMatching(/^warning: Unknown key `request_concurency` in \[runners\].*did you mean `request_concurrency`/),
      ]),
    );
    expect(messages(c).join('\n')).not.toMatch(/not set/);
  });

  it('explains state_file and [runners.shell.env], citing their lines', () => {
    const c = lint(VALID.replace('  executor = "docker"', '  executor = "docker"\n  state_file = "/x/.runner_system_id"\n  [runners.shell.env]\n    A = "b"'));
    const state = c.issues.find((i) => i.path === 'runners[0].state_file');
    expect(state?.message).toMatch(/not a config\.toml key/);
    expect(c.at(state!.path!).excerpt).toBe('state_file = "/x/.runner_system_id"');
    const shell = c.issues.find((i) => i.path === 'runners[0].shell');
    expect(shell).toMatchObject({ severity: 'error' });
    expect(c.at('runners[0].shell').excerpt).toBe('[runners.shell.env]');
  });

  it('checks concurrent, url, request_concurrency against limit and concurrent', () => {
    const c = lint(VALID.replace('concurrent = 4', 'concurrent = 0').replace('https://gitlab.example.com/', 'https://gitlab.example.com/api/v4').replace('request_concurrency = 2', 'request_concurrency = 8\n  limit = 2'));
    const text = messages(c).join('\n');
    expect(text).toMatch(/error: `concurrent = 0`/);
    expect(text).toMatch(/warning: .*not the GitLab instance root/);
    expect(text).toMatch(/warning: .*`request_concurrency = 8` is higher than `limit = 2`/);
  });

  it('treats unknown keys in sections that change between releases as information only', () => {
    const c = lint(VALID.replace('    image = "alpine"', '    image = "alpine"\n    some_future_key = true'));
    expect(c.issues).toEqual([expect.objectContaining({ severity: 'info', path: 'runners[0].docker.some_future_key' })]);
  });

  it('does not require url and token in the Helm chart template', () => {
    expect(lint('[[runners]]\n  executor = "kubernetes"\n', true).issues).toEqual([]);
  });

  it('maps keys to lines, including array-of-tables and implicit parents', () => {
    const lines = tomlKeyLines(VALID);
    expect(lines.get('runners[0].token')).toBe(11);
    expect(lines.get('runners[0].docker.services[0].name')).toBe(20);
    expect(lines.get('runners[0].kubernetes')).toBe(21);
    expect(lines.get('session_server.session_timeout')).toBe(5);
  });
});
