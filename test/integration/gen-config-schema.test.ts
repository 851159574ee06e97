import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * build/gen-config-schema.mjs against a small gitlab-runner history in a real git repository:
 * three release tags whose Go structs add, move and drop keys.
 */
const SCRIPT = resolve(__dirname, '../../build/gen-config-schema.mjs');
let repo: string;
let out: string;

const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

function release(tag: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  git('add', '-A');
  git('commit', '-qm', tag);
  git('tag', tag);
}

const CACHE_V1 = `package cacheconfig

type Config struct {
	Type          string \`toml:"Type,omitempty"\`
	ServerAddress string \`toml:"ServerAddress,omitempty"\`
}
`;
const CACHE_V2 = `package cacheconfig

// Config is the cache section.
type Config struct {
	Type string          \`toml:"Type,omitempty"\`
	S3   *CacheS3Config  \`toml:"s3,omitempty"\`
}

type CacheS3Config struct {
	ServerAddress string \`toml:"ServerAddress,omitempty"\`
}
`;
const DOCKER = `package docker_helpers

type Credentials struct {
	Host string \`toml:"host,omitempty" json:"host"\`
}
`;

function config(extra: string, runnerExtra: string): string {
  return `package common

import (
	"time"

	"gitlab.com/gitlab-org/gitlab-runner/cache/cacheconfig"
	"gitlab.com/gitlab-org/gitlab-runner/helpers/docker"
)

type StringOrArray []string

func (p *StringOrArray) UnmarshalTOML(data any) error { return nil }

type DockerConfig struct {
	docker_helpers.Credentials
	Image      string              \`toml:"image" json:"image"\`
	PullPolicy StringOrArray       \`toml:"pull_policy,omitempty"\`
	Devices    map[string][]string \`toml:"services_devices,omitempty"\`
	Sysctls    map[string]string   \`toml:"sysctls,omitempty"\`
}

type RunnerSettings struct {
	Executor string              \`toml:"executor"\`
	Cache    *cacheconfig.Config \`toml:"cache,omitempty"\`
	Docker   *DockerConfig       \`toml:"docker,omitempty"\`
	${runnerExtra}
}

type RunnerConfig struct {
	Name     string \`toml:"name"\`
	Limit    int32  \`toml:"limit,omitzero" jsonschema:"minimum=0"\`
	SystemID string \`toml:"-"\`
	internal string
	RunnerSettings
}

type Config struct {
	Concurrent int             \`toml:"concurrent"\`
	Runners    []*RunnerConfig \`toml:"runners"\`
	${extra}
}

func NewConfig() *Config {
	return &Config{
		Concurrent: 1,
	}
}

var _ = time.Second
`;
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'gitlab-runner-'));
  out = join(repo, 'schema.json');
  git('init', '-q');
  release('v1.0.0', {
    'common/config.go': config('', 'PreCloneScript string `toml:"pre_clone_script,omitempty"`'),
    'cache/cacheconfig/cacheconfig.go': CACHE_V1,
    'helpers/docker/credentials.go': DOCKER,
  });
  release('v1.1.0', { 'common/config.go': config('CheckInterval int `toml:"check_interval"`', 'PreCloneScript string `toml:"pre_clone_script,omitempty"`') });
  release('v2.0.0', {
    'common/config.go': config('CheckInterval int `toml:"check_interval"`\n\tMaxAge *time.Duration `toml:"connection_max_age,omitempty"`', 'PreGetSourcesScript string `toml:"pre_get_sources_script,omitempty"`'),
    'cache/cacheconfig/cacheconfig.go': CACHE_V2,
    'common/labels.go': 'package common\n\nconst (\n\tmaxAllowedNumberOfLabels = 32\n\n\tlabelKeyAllowedPattern   = `^[a-z]{2,64}$`\n\tlabelValueAllowedPattern = `^[a-z]{1,256}$`\n)\n',
  });
  execFileSync(process.execPath, [SCRIPT, repo, '--out', out], { stdio: 'pipe' });
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

const read = () => JSON.parse(readFileSync(out, 'utf8'));

describe('gen-config-schema', () => {
  it('names the release and commit it read, the defaults set before decoding and the label rules', () => {
    const doc = read();
    expect(doc.runner).toMatchObject({ version: '2.0.0', tag: 'v2.0.0' });
    expect(doc.runner.commit).toBe(git('rev-parse', 'v2.0.0').toString().trim());
    expect(doc.history.releases).toEqual(['1.0', '1.1', '2.0']);
    expect(doc.defaults).toEqual({ concurrent: 1 });
    expect(doc.labels).toEqual({ keyPattern: '^[a-z]{2,64}$', valuePattern: '^[a-z]{1,256}$', max: 32 });
  });

  it('follows tags, embedded structs, pointers, other packages and the decoder types', () => {
    const root = read().schema;
    const runner = root.fields.runners;
    expect(runner.type).toBe('list');
    const fields = runner.of.fields;
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['name', 'limit', 'executor', 'cache', 'docker']));
    expect(fields).not.toHaveProperty('SystemID');
    expect(fields).not.toHaveProperty('internal');
    expect(fields.limit).toMatchObject({ type: 'int', bits: 32, check: { minimum: 0 } });
    const docker = fields.docker.fields;
    expect(docker.host).toMatchObject({ type: 'string', since: '1.0' });
    expect(docker.pull_policy.type).toBe('string-or-strings');
    expect(docker.services_devices).toMatchObject({ type: 'map', of: { type: 'list', of: { type: 'string' } } });
    expect(docker.sysctls).toMatchObject({ type: 'map', of: { type: 'string' } });
    expect(root.fields.connection_max_age).toMatchObject({ type: 'duration', since: '2.0' });
  });

  it('records when each key appeared and when the runner stopped reading it', () => {
    const root = read().schema;
    const fields = root.fields.runners.of.fields;
    expect(root.fields.check_interval.since).toBe('1.1');
    expect(root.fields.concurrent.since).toBe('1.0');
    expect(fields.pre_get_sources_script).toMatchObject({ since: '2.0' });
    expect(fields.pre_clone_script).toMatchObject({ since: '1.0', removedIn: '2.0' });
    expect(fields.cache.fields.ServerAddress).toMatchObject({ removedIn: '2.0' });
    expect(fields.cache.fields.s3.fields.ServerAddress).toMatchObject({ since: '2.0' });
  });

  it('says in one line when the path is not a gitlab-runner git directory or the release is unknown', () => {
    const missing = spawnSync(process.execPath, [SCRIPT, join(repo, 'nowhere')], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^gen-config-schema: .*nowhere is not a gitlab-runner checkout or git directory/)]);
    const unknown = spawnSync(process.execPath, [SCRIPT, repo, '--rev', 'v9.9.9', '--out', join(repo, 'x.json')], { encoding: 'utf8' });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toMatch(/^gen-config-schema: v9\.9\.9 is not a release tag of /);
  });
});
