import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { configTomlCommand, dnsCommand, probeCommand, shQuote } from '../../../electron/core/ssh/commands';
import { configCandidates, configFacts, parseProbe, runnerService } from '../../../electron/core/ssh/host-facts';

describe('remote commands', () => {
  it('quotes any value so sh sees it unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
        (value) => {
          const out = execFileSync('/bin/sh', ['-c', `printf %s ${shQuote(value)}`]);
          expect(out.toString('utf8')).toBe(Buffer.from(value, 'utf8').toString('utf8'));
        },
      ),
      { numRuns: 100 },
    );
    // A hundred real shells: seconds on a busy machine, so the default 5 s is too tight.
  }, 60_000);

  it('keeps hostile paths and host names inert inside the scripts', () => {
    const marker = `/tmp/rd-pwned-${process.pid}`;
    const evil = `/nonexistent/x'; touch ${marker}; echo '$(touch ${marker})`;
    const r = spawnSync('/bin/sh', ['-s'], { input: configTomlCommand(evil, 5).script, encoding: 'utf8' });
    expect(r.status).toBe(66);
    expect(r.stderr).toContain(`${evil} does not exist`);
    expect(existsSync(marker)).toBe(false);
    expect(dnsCommand('$(id)', 5).script).toContain(shQuote(shQuote('$(id)')).slice(1, -1));
  });

  it('runs under sh -s with a timeout wrapper and reads nothing from stdin', () => {
    const out = execFileSync('/bin/sh', ['-s'], { input: probeCommand(5).script, encoding: 'utf8' });
    expect(out).toMatch(/^user=\S+\nuid=\d+\nhome=/);
  });
});

describe('host facts', () => {
  it('finds --config and --user from systemd and from ps', () => {
    const facts = parseProbe(
      [
        'user=ops',
        'uid=1002',
        'home=/home/ops',
        'has=podman',
        'execstart={ path=/usr/bin/gitlab-runner ; argv[]=/usr/bin/gitlab-runner run --working-directory /home/gitlab-runner --config /etc/gitlab-runner/config.toml --service gitlab-runner --user gitlab-runner ; ignore_errors=no ; start_time=[n/a] }',
        'proc=root /bin/sh /usr/local/bin/gitlab-runner run --config=/srv/runner.toml --user=ci',
      ].join('\n'),
    );
    expect(facts).toMatchObject({ user: 'ops', uid: 1002, home: '/home/ops' });
    expect(facts.tools.has('podman')).toBe(true);
    expect(runnerService(facts)).toEqual({ configPath: '/etc/gitlab-runner/config.toml', jobUser: 'gitlab-runner', processUser: 'root' });
  });

  it('falls back to the runner defaults for system and user mode', () => {
    const homes = new Map([['ci', '/home/ci']]);
    expect(configCandidates({ processUser: 'ci' }, homes, '/home/ops')).toEqual([
      '/etc/gitlab-runner/config.toml',
      '/home/ci/.gitlab-runner/config.toml',
      '/home/ops/.gitlab-runner/config.toml',
    ]);
  });

  it('reads GitLab URLs and podman socket owners from config.toml, without credentials', () => {
    const toml = [
      '[[runners]]',
      '  url = "https://user:secret@gitlab.example.com/?x=1"',
      '  [runners.docker]',
      '    host = "unix:///run/user/1001/podman/podman.sock"',
      '[[runners]]',
      '  url = "not a url"',
      '  [runners.docker]',
      '    host = "unix:///run/podman/podman.sock"',
    ].join('\n');
    expect(configFacts(toml)).toEqual({ urls: ['https://gitlab.example.com/'], podmanUids: [1001], rootPodman: true });
  });
});
