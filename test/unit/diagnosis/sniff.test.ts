import { describe, expect, it } from 'vitest';
import type { EvidenceKind } from '../../../shared/evidence';
import { sniffKind } from '../../../electron/core/evidence/sniff';

const SAMPLES: [string, EvidenceKind, string][] = [
  ['runner text format', 'runner-log', 'Runtime platform                                    arch=amd64 os=linux pid=7 revision=3046fee8 version=17.6.0\nConfiguration loaded   builds=0\n'],
  ['runner text format with ANSI colours', 'runner-log', '\u001b[0;33mWARNING: Submitting job to coordinator... job failed\u001b[0;m  code=403\n'],
  ['runner JSON format', 'runner-log', '{"builds":0,"level":"info","max_builds":4,"msg":"Configuration loaded","time":"2025-11-12T09:02:11Z"}\n'],
  ['logrus text format', 'runner-log', 'time="2025-11-12T09:02:11Z" level=warning msg="Checking for jobs... failed" runner=abc\n'],
  ['journald short', 'journal', 'Nov 12 09:02:11 ci-01 gitlab-runner[1183]: Configuration loaded  builds=0\n'],
  ['journald short-iso', 'journal', '2025-11-18T10:05:30+0000 ci-04 gitlab-runner[3120]: Runtime platform arch=amd64\n'],
  ['journald header', 'journal', '-- Logs begin at Mon 2025-11-10 06:12:01 UTC, end at Wed 2025-11-12 11:02:19 UTC. --\nNov 12 ci-01 systemd[1]: Started.\n'],
  ['job log', 'job-log', 'Running with gitlab-runner 16.6.0 (3046fee8)\n  on host abc\n'],
  ['job log with FF_TIMESTAMPS', 'job-log', '2025-11-18T10:00:00.123456Z 00O Running with gitlab-runner 17.9.1 (c9ca1b2e)\n'],
  ['job log excerpt', 'job-log', 'Some output\nERROR: Job failed: exit code 1\n'],
  ['job log tail without header', 'job-log', 'Waiting for pod gitlab/runner-f-bmr8fc-project-9659330-concurrent-2rfq5v to be running, status is Pending\nWaiting for pod gitlab/runner-f-bmr8fc-project-9659330-concurrent-2rfq5v to be running, status is Pending\n'],
  ['job log middle without header', 'job-log', 'Getting source from Git repository\nFetching changes with git depth set to 20...\nChecking out 1a2b3c4d as detached HEAD (ref is main)...\n'],
  ['job log cache steps without header', 'job-log', 'Creating cache main-protected...\nnode_modules/: found 21342 matching artifact files and directories\nUploading cache.zip to https://runner-cache.s3.amazonaws.com/project/310/main-protected\n'],
  ['journald short-precise', 'journal', 'Nov 12 09:02:11.123456 ci-01 gitlab-runner[1183]: Configuration loaded  builds=0\n'],
  ['journald short-full', 'journal', 'Wed 2025-11-12 09:02:11 UTC ci-01 gitlab-runner[1183]: Configuration loaded  builds=0\n'],
  ['journald short-unix', 'journal', '1762938131.123456 ci-01 gitlab-runner[1183]: Configuration loaded  builds=0\n'],
  ['journald short-monotonic', 'journal', '[ 1234.567890] ci-01 gitlab-runner[1183]: Configuration loaded  builds=0\n'],
  ['journald short-iso-precise', 'journal', '2025-11-12T09:02:11.123456+00:00 ci-01 gitlab-runner[1183]: Configuration loaded\n'],
  ['journald verbose', 'journal', 'Wed 2025-11-12 09:02:11.123456 UTC [s=abc;i=1;b=def;m=1;t=1;x=1]\n    _SYSTEMD_UNIT=gitlab-runner.service\n    MESSAGE=Configuration loaded\n'],
  ['journald export', 'journal', '__CURSOR=s=abc;i=1\n__REALTIME_TIMESTAMP=1762938131123456\n_SYSTEMD_UNIT=gitlab-runner.service\nMESSAGE=Configuration loaded\n'],
  ['journald json', 'journal', '{"__CURSOR":"s=abc;i=1","__REALTIME_TIMESTAMP":"1762938131123456","_SYSTEMD_UNIT":"gitlab-runner.service","MESSAGE":"Configuration loaded"}\n'],
  ['journald json-pretty', 'journal', '{\n\t"__CURSOR" : "s=abc;i=1",\n\t"SYSLOG_IDENTIFIER" : "gitlab-runner",\n\t"MESSAGE" : "Configuration loaded"\n}\n'],
  ['syslog with #033 escapes', 'journal', 'Nov 12 09:02:11 ci-01 gitlab-runner[1183]: #033[31;1mERROR: Checking for jobs... forbidden#033[0;m  runner=abc\n'],
  ['syslog escapes before the identifier', 'runner-log', '#033[0;33mWARNING: Checking for jobs... failed#033[0;m runner=abc\n'],
  ['kubectl get -o yaml List', 'kube-object', 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\nkind: List\nmetadata:\n  resourceVersion: ""\n'],
  ['kubectl get -o yaml single', 'kube-object', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n'],
  ['kubectl get -o json List', 'kube-object', '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List"\n}\n'],
  ['kubectl get -o json single', 'kube-object', '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}'],
  ['podman info YAML', 'podman-info', 'host:\n  arch: amd64\n  buildahVersion: 1.31.3\n'],
  ['podman info JSON', 'podman-info', '{\n  "host": {\n    "arch": "amd64",\n    "buildahVersion": "1.33.7"\n  }\n}\n'],
  ['podman images JSON', 'podman-images', '[\n  {\n    "Id": "53b08cbd609b",\n    "Names": ["registry.gitlab.com/x:y"],\n    "Created": 1700000000\n  }\n]\n'],
  ['docker images table', 'docker-images', 'REPOSITORY   TAG       IMAGE ID       CREATED        SIZE\nalpine       3.20      91ef0af61f39   2 months ago   7.8MB\n'],
  ['docker images JSON lines', 'docker-images', '{"Containers":"N/A","CreatedAt":"2024-09-06 22:20:07 +0000 UTC","ID":"91ef0af61f39","Repository":"alpine","Tag":"3.20"}\n'],
  ['docker info JSON', 'docker-info', '{"ID":"abc","Containers":3,"ServerVersion":"27.3.1","DockerRootDir":"/var/lib/docker"}'],
  ['docker info text', 'docker-info', 'Client:\n Version:    27.3.1\nServer:\n Containers: 3\n Server Version: 27.3.1\n Storage Driver: overlay2\n'],
  ['gitlab-runner --version', 'runner-version', 'Version:      16.6.1\nGit revision: f5da3c5a\nGit branch:   16-6-stable\n'],
  ['systemctl status', 'systemctl-status', '● gitlab-runner.service - GitLab Runner\n     Loaded: loaded (/etc/systemd/system/gitlab-runner.service; enabled)\n     Active: active (running) since Tue\n'],
  ['df -h', 'df', 'Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        98G   41G   53G  44% /\n'],
  ['df -hT', 'df', 'Filesystem     Type  Size  Used Avail Use% Mounted on\n'],
  ['free -m', 'free', '               total        used        free      shared  buff/cache   available\nMem:           15988       15410         171          42         406         301\n'],
  ['curl -v', 'curl-verbose', '* Host gitlab.example.com:443 was resolved.\n*   Trying 10.0.0.5:443...\n'],
  ['curl error only', 'curl-verbose', 'curl: (6) Could not resolve host: gitlab.example.com\n'],
  ['nslookup', 'dns-lookup', 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can\'t find gitlab.corp.example: NXDOMAIN\n'],
  ['dig', 'dns-lookup', '\n; <<>> DiG 9.18.28 <<>> gitlab.example.com\n'],
  ['uname -a', 'uname', 'Linux ci-11 5.15.0-124-generic #134-Ubuntu SMP Fri Sep 27 20:20:17 UTC 2024 x86_64 GNU/Linux\n'],
  ['config.toml', 'config-toml', 'concurrent = 4\ncheck_interval = 0\n\n[[runners]]\n  name = "x"\n'],
  ['config.toml runners only', 'config-toml', '# partial\n[[runners]]\n  executor = "shell"\n'],
  ['GitLab API envelope', 'gitlab-api', '{\n  "gitlabApi": { "method": "GET", "path": "/api/v4/version", "status": 200 },\n  "body": {}\n}\n'],
  ['GitLab API raw job', 'gitlab-api', '{"id":1,"status":"running","pipeline":{"id":2}}'],
  ['GitLab API raw runners list', 'gitlab-api', '[{"id":21,"description":"x","runner_type":"instance_type","status":"stale"}]'],
  ['GitLab API raw PAT', 'gitlab-api', '{"id":1,"name":"t","scopes":["api"],"active":true,"expires_at":"2026-01-01"}'],
  ['prose', 'unknown', 'Customer says it started on Monday.\n'],
  ['random JSON', 'unknown', '{"hello": "world"}\n'],
  ['job log banner after 100 characters of prefix', 'job-log', `runner host output\n${'x'.repeat(100)}Running with gitlab-runner 17.9.1 (c9ca1b2e)\n`],
  ['a banner 101 characters into its line', 'unknown', `runner host output\n${'x'.repeat(101)}Running with gitlab-runner 17.9.1 (c9ca1b2e)\n`],
  ['job failure after 60 characters of prefix', 'job-log', `${'t'.repeat(60)}ERROR: Job failed (system failure): pod not found\n`],
  ['a job failure 61 characters into its line', 'unknown', `${'t'.repeat(61)}ERROR: Preparation failed: pod not found\n`],
];

describe('sniffKind: evidence recognised by content (CONTRACTS.md §2)', () => {
  it.each(SAMPLES)('%s → %s', (_name, kind, text) => {
    expect(sniffKind(text)).toBe(kind);
  });

  it('ignores a byte-order mark and Windows line endings', () => {
    expect(sniffKind('\ufeffconcurrent = 1\r\n[[runners]]\r\n')).toBe('config-toml');
  });
});
