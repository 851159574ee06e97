import { createHash } from 'node:crypto';

/**
 * What the seed-003 runner host prints: gitlab-runner 16.6.1 (f5da3c5a) with the docker
 * executor on rootless podman (uid 1001), whose locally imported helper image has a different
 * id (53b08cbd609b…) than the registry's (561dca7a33f8…) for the same tag, and whose jobs fail
 * with "waiting for permission container to finish: exit code 127".
 */

export const HOST = 'epyc-rhino';
export const USER = 'gitlab-runner';
const PID = 1187;
const HELPER = 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-f5da3c5a';
/** Only the first 12 hex digits are in the seed; the rest is made up, stable across runs. */
export const LOCAL_HELPER_ID = `53b08cbd609b${createHash('sha256').update('seed-003 local helper').digest('hex').slice(0, 52)}`;
export const REGISTRY_HELPER_ID = '561dca7a33f86bf3c2bf1112bbc1d3d12c6962e202e1e985185cc61177a4fdc1';
const RUNNER_CMD = `/usr/bin/gitlab-runner run --working-directory /home/${USER} --config /etc/gitlab-runner/config.toml --service gitlab-runner --user ${USER}`;
const FAILURE =
  'Job failed: adding cache volume: set volume permissions: running permission container ' +
  '"f404c36e60fca30ce81978bb9d92247812394ffafb3dadfaca52c1c537e03ada" for volume ' +
  '"runner-xyz12abc-project-225-concurrent-0-cache-3c3f060a0374fc8bc39395164f415a70": ' +
  'waiting for permission container to finish: exit code 127';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
/** journalctl's default "short" time stamp. */
const shortTime = (d: Date) =>
  `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

export const runnerVersion = () =>
  [
    'Version:      16.6.1',
    'Git revision: f5da3c5a',
    'Git branch:   16-6-stable',
    'GO version:   go1.20.10',
    'Built:        2023-11-24T21:01:32+0000',
    'OS/Arch:      linux/amd64',
    '',
  ].join('\n');

function journalLines(now: Date): string[] {
  const at = (minAgo: number) => shortTime(new Date(now.getTime() - minAgo * 60_000));
  const line = (minAgo: number, text: string) => `${at(minAgo)} ${HOST} gitlab-runner[${PID}]: ${text}`;
  const out = [
    `${at(75)} ${HOST} systemd[1]: Started GitLab Runner.`,
    line(75, 'Runtime platform                                    arch=amd64 os=linux pid=1187 revision=f5da3c5a version=16.6.1'),
    line(75, 'Starting multi-runner from /etc/gitlab-runner/config.toml...  builds=0 max_builds=1'),
    line(75, 'Running in system-mode.'),
    line(75, 'Configuration loaded                                builds=0 max_builds=1'),
  ];
  for (const [i, minAgo] of [42, 18, 4].entries()) {
    const job = 4821 + i;
    out.push(
      line(
        minAgo,
        `Checking for jobs... received                       job=${job} repo_url=https://gitlab.example.com/ci/app.git runner=xYz12AbC`,
      ),
      line(
        minAgo,
        `Added job to processing list                        builds=1 job=${job} max_builds=1 project=225 repo_url=https://gitlab.example.com/ci/app.git time_in_queue_seconds=0`,
      ),
      // The runner's own log writes a failed job at warning level; the fields follow on the next line.
      line(minAgo, `WARNING: ${FAILURE}`),
      line(minAgo, `                                                    duration_s=6.4${i} job=${job} project=225 runner=xYz12AbC`),
      line(
        minAgo,
        `Removed job from processing list                    builds=0 job=${job} max_builds=1 project=225 repo_url=https://gitlab.example.com/ci/app.git time_in_queue_seconds=0`,
      ),
    );
  }
  return out;
}

/** What the journal gets from a service restart (a fix): the runner loads its config again. */
const restartLines = (at: Date) => [
  `${shortTime(at)} ${HOST} systemd[1]: Stopping GitLab Runner...`,
  `${shortTime(at)} ${HOST} systemd[1]: Stopped GitLab Runner.`,
  `${shortTime(at)} ${HOST} systemd[1]: Started GitLab Runner.`,
  `${shortTime(at)} ${HOST} gitlab-runner[${PID + 1}]: Runtime platform                                    arch=amd64 os=linux pid=${PID + 1} revision=f5da3c5a version=16.6.1`,
  `${shortTime(at)} ${HOST} gitlab-runner[${PID + 1}]: Configuration loaded                                builds=0 max_builds=1`,
];

/** The journal, with what each service restart since the lab started added to it. */
export const journal = (now: Date, restarts: readonly Date[] = []) => [...journalLines(now), ...restarts.flatMap(restartLines)].join('\n') + '\n';

/** systemctl status shows the current invocation's lines: after a restart, only the new ones. */
export function systemctlStatus(now: Date, restarts: readonly Date[] = []): string {
  const last = restarts.at(-1);
  const since = last ?? new Date(now.getTime() - 75 * 60_000);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][since.getUTCDay()];
  const stamp = `${day} ${since.toISOString().slice(0, 10)} ${since.toISOString().slice(11, 19)} UTC`;
  return [
    '● gitlab-runner.service - GitLab Runner',
    '     Loaded: loaded (/etc/systemd/system/gitlab-runner.service; enabled; preset: disabled)',
    `     Active: active (running) since ${stamp}; ${last ? 'just now' : '1h 15min ago'}`,
    `   Main PID: ${PID} (gitlab-runner)`,
    '      Tasks: 14 (limit: 202106)',
    '     Memory: 38.2M',
    '        CPU: 4.113s',
    '     CGroup: /system.slice/gitlab-runner.service',
    `             └─${PID} ${RUNNER_CMD}`,
    '',
    ...(last ? restartLines(last).slice(2) : journalLines(now).slice(-6)),
    '',
  ].join('\n');
}

export const execStart = () =>
  `{ path=/usr/bin/gitlab-runner ; argv[]=${RUNNER_CMD} ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }`;

export function configToml(gitlabUrl: string): string {
  return [
    'concurrent = 1',
    'check_interval = 0',
    'shutdown_timeout = 0',
    '',
    '[session_server]',
    '  session_timeout = 1800',
    '',
    '[[runners]]',
    `  name = "${HOST} Podman/Docker runner"`,
    `  url = "${gitlabUrl}"`,
    '  id = 292',
    // A made-up runner token, so the demo shows redaction at work.
    '  token = "glrt-dEmO3xAmPlE7tOkEn9qZ"',
    '  token_obtained_at = 2023-11-20T09:12:44Z',
    '  token_expires_at = 0001-01-01T00:00:00Z',
    '  executor = "docker"',
    '  environment = ["FF_NETWORK_PER_BUILD=1", "FF_USE_FASTZIP=1", "FF_DISABLE_UMASK_FOR_DOCKER_EXECUTOR=1"]',
    '  [runners.docker]',
    '    host = "unix:///run/user/1001/podman/podman.sock"',
    '    tls_verify = false',
    '    image = "quay.io/podman/stable"',
    '    privileged = true',
    '    disable_cache = false',
    '    volumes = ["/cache"]',
    '    shm_size = 1073741824',
    '',
  ].join('\n');
}

export function podmanImages(now: Date): string {
  const created = (secondsAgo: number) => Math.floor(now.getTime() / 1000) - secondsAgo;
  const image = (id: string, name: string, size: number, secondsAgo: number) => ({
    Id: id,
    ParentId: '',
    RepoTags: null,
    RepoDigests: [`${name.split(':')[0]}@sha256:${createHash('sha256').update(id).digest('hex')}`],
    Size: size,
    SharedSize: 0,
    VirtualSize: size,
    Labels: null,
    Containers: 0,
    Names: [name],
    Digest: `sha256:${createHash('sha256').update(id).digest('hex')}`,
    History: [name],
    Created: created(secondsAgo),
    CreatedAt: new Date(created(secondsAgo) * 1000).toISOString(),
  });
  return (
    JSON.stringify(
      [
        image(LOCAL_HELPER_ID, HELPER, 69_100_000, 16),
        image(createHash('sha256').update('quay.io/podman/stable').digest('hex'), 'quay.io/podman/stable:latest', 402_700_000, 9 * 86_400),
      ],
      null,
      4,
    ) + '\n'
  );
}

export function podmanInfo(): string {
  const idmap = [
    { container_id: 0, host_id: 1001, size: 1 },
    { container_id: 1, host_id: 165536, size: 65536 },
  ];
  const info = {
    host: {
      arch: 'amd64',
      buildahVersion: '1.31.3',
      cgroupControllers: [],
      cgroupManager: 'cgroupfs',
      cgroupVersion: 'v1',
      conmon: {
        package: 'conmon-2.1.8-1.el9.x86_64',
        path: '/usr/bin/conmon',
        version: 'conmon version 2.1.8, commit: 879ca989e09d731947cd8d9cbb41038549bf669d',
      },
      cpus: 16,
      databaseBackend: 'boltdb',
      distribution: { distribution: 'almalinux', version: '9.3' },
      eventLogger: 'file',
      hostname: HOST,
      idMappings: { gidmap: idmap, uidmap: idmap },
      kernel: '5.14.0-362.8.1.el9_3.x86_64',
      logDriver: 'k8s-file',
      memFree: 30848843776,
      memTotal: 33241456640,
      networkBackend: 'netavark',
      ociRuntime: {
        name: 'crun',
        package: 'crun-1.8.7-1.el9.x86_64',
        path: '/usr/bin/crun',
        version: 'crun version 1.8.7\ncommit: 53a9996ce82d1ee818349bdcc64797a1fa0433c4\nrundir: /run/user/1001/crun',
      },
      os: 'linux',
      remoteSocket: { exists: true, path: '/run/user/1001/podman/podman.sock' },
      security: {
        apparmorEnabled: false,
        rootless: true,
        seccompEnabled: true,
        seccompProfilePath: '/usr/share/containers/seccomp.json',
        selinuxEnabled: true,
      },
      serviceIsRemote: false,
      uptime: '1h 15m 26.00s (Approximately 0.04 days)',
    },
    registries: { search: ['registry.access.redhat.com', 'registry.redhat.io', 'docker.io'] },
    store: {
      configFile: `/home/${USER}/.config/containers/storage.conf`,
      containerStore: { number: 0, paused: 0, running: 0, stopped: 0 },
      graphDriverName: 'overlay',
      graphRoot: `/home/${USER}/.local/share/containers/storage`,
      imageCopyTmpDir: '/var/tmp',
      imageStore: { number: 2 },
      runRoot: '/run/user/1001/containers',
      volumePath: `/home/${USER}/.local/share/containers/storage/volumes`,
    },
    version: {
      APIVersion: '4.6.1',
      Built: 1695842412,
      BuiltTime: 'Wed Sep 27 12:20:12 2023',
      GitCommit: '',
      GoVersion: 'go1.19.10',
      Os: 'linux',
      OsArch: 'linux/amd64',
      Version: '4.6.1',
    },
  };
  return JSON.stringify(info, null, 4) + '\n';
}

export const passwd = () => `${USER}:x:1001:1001:GitLab Runner:/home/${USER}:/bin/bash\n`;
export const uname = () =>
  `Linux ${HOST} 5.14.0-362.8.1.el9_3.x86_64 #1 SMP PREEMPT_DYNAMIC Wed Nov 8 17:36:32 UTC 2023 x86_64 x86_64 x86_64 GNU/Linux\n`;
export const df = () =>
  [
    'Filesystem           Size  Used Avail Use% Mounted on',
    'devtmpfs             4.0M     0  4.0M   0% /dev',
    'tmpfs                 16G     0   16G   0% /dev/shm',
    '/dev/mapper/al-root   70G   18G   53G  26% /',
    '/dev/nvme0n1p1      1014M  301M  714M  30% /boot',
    '/dev/mapper/ci-data  469G   33G  436G   8% /mnt/ci-data',
    'tmpfs                3.1G   12K  3.1G   1% /run/user/1001',
    '',
  ].join('\n');
export const free = () =>
  [
    '               total        used        free      shared  buff/cache   available',
    'Mem:           31701        1842       29419          22         822       29859',
    'Swap:          16047           0       16047',
    '',
  ].join('\n');

export function dns(host: string): string {
  const addr = /^[\d.]+$/.test(host) ? host : '203.0.113.10';
  return [
    `# getent ahosts ${host}`,
    `${addr}    STREAM ${host}`,
    `${addr}    DGRAM  `,
    `${addr}    RAW    `,
    '# /etc/resolv.conf',
    'search example.com',
    'nameserver 10.0.0.2',
    '',
  ].join('\n');
}

export function curlVerbose(url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const addr = /^[\d.]+$/.test(u.hostname) ? u.hostname : '203.0.113.10';
  const tls =
    u.protocol === 'https:'
      ? [
          '* ALPN: offers h2,http/1.1',
          '* TLSv1.3 (OUT), TLS handshake, Client hello (1):',
          '* TLSv1.3 (IN), TLS handshake, Server hello (2):',
          '* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384',
          '* Server certificate:',
          `*  subject: CN=${u.hostname}`,
          '*  SSL certificate verify ok.',
        ]
      : [];
  return [
    `*   Trying ${addr}:${port}...`,
    `* Connected to ${u.hostname} (${addr}) port ${port} (#0)`,
    ...tls,
    `> GET ${u.pathname} HTTP/1.1`,
    `> Host: ${u.host}`,
    '> User-Agent: curl/7.76.1',
    '> Accept: */*',
    '> ',
    '< HTTP/1.1 302 Found',
    `< Location: ${u.origin}/users/sign_in`,
    '< ',
    `* Connection #0 to host ${u.hostname} left intact`,
    '',
  ].join('\n');
}
