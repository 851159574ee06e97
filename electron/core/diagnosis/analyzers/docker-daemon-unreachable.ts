import type { Analyzer, Draft } from '../analyzer';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, failingLinesAfter, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';

const DAEMON_UNREACHABLE: LogSignature = {
  id: 'docker-daemon-unreachable',
  hints: ['Cannot connect to the Docker daemon', 'while trying to connect to the Docker daemon socket'],
  pattern: /Cannot connect to the Docker daemon at (?<daemon>[^\s"]+?)\.? Is the docker daemon running\?|(?<denied>permission denied) while trying to connect to the Docker daemon socket at (?<socket>[^\s":]+(?::\/\/[^\s":]+)?)/,
};

/** The runner's own executor failing, as opposed to a docker client inside the job's script. */
const EXECUTOR = /Preparation failed|system failure|Failed to pull image|executor_docker\.go|manager\.go|Failed to process runner/;

/**
 * The Docker daemon cannot be reached: `Cannot connect to the Docker daemon at
 * unix:///var/run/docker.sock. Is the docker daemon running?` (or `tcp://…` for docker-machine
 * and dind), `permission denied while trying to connect to the Docker daemon socket`. Either the
 * runner's Docker executor cannot reach its daemon (`ERROR: Preparation failed: …`,
 * `Job failed (system failure): …`): every job on that runner fails; or a job's own `docker`
 * command has no daemon (no `docker:dind` service, or DOCKER_HOST/DOCKER_TLS_CERTDIR not set).
 * Not fired by: the daemon answering with an error (`Error response from daemon: …`).
 */
export const dockerDaemonUnreachable: Analyzer = {
  id: 'docker-daemon-unreachable',
  label: 'Docker daemon unreachable',
  signatures: [DAEMON_UNREACHABLE],
  analyze(facts: Facts): Draft[] {
    const lines = matchesOf(facts, DAEMON_UNREACHABLE);
    if (!lines.length) return [];
    const executor = lines.filter((m) => EXECUTOR.test(m.excerpt) || facts.entries.some((e) => e.path === m.file && e.kind !== 'job-log'));
    const inJob = lines.filter((m) => !executor.includes(m));
    const denied = lines.some((m) => m.fields.denied);
    const daemon = lines[0]!.fields.daemon ?? lines[0]!.fields.socket ?? 'the Docker daemon';
    const summary = executor.length
      ? `The runner's Docker executor cannot reach its daemon at ${daemon}, so every job on this runner fails before its script runs. ` +
        (denied
          ? 'The socket exists but the runner\'s user may not use it: add that user to the docker group (or run the service as a user that may), then restart the runner. '
          : /^tcp:/.test(daemon)
            ? 'The daemon is remote (docker-machine or a dind host): the machine may have been removed, be out of memory, or a firewall drops port 2376. '
            : 'Start the daemon (`systemctl start docker`, `systemctl enable docker`) and check `[runners.docker] host` in config.toml. ')
      : `A \`docker\` command in the job's script finds no daemon at ${daemon}. Jobs get no Docker daemon unless they ask for one: add the \`docker:dind\` service (with DOCKER_HOST=tcp://docker:2376 and DOCKER_TLS_CERTDIR="/certs"), or mount the host's socket in [runners.docker] volumes if you accept what that gives jobs. `;
    return [
      {
        id: 'docker-daemon-unreachable',
        severity: 'error',
        title: executor.length ? `The runner cannot reach its Docker daemon (${daemon})` : `The job's docker commands find no Docker daemon (${daemon})`,
        summary,
        evidence: evidence(executor.slice(0, 3), inJob.slice(0, 3), failingLinesAfter(facts, lines[0]!, 1)),
        fixes: [
          executor.length
            ? fix('start-docker-daemon', 'Start the Docker daemon the runner uses and let the runner\'s user reach it', 'systemctl enable --now docker; `docker info` as the runner\'s user must work; for tcp:// daemons check the machine and port 2376; then retry the job.')
            : fix('start-docker-daemon', 'Give the job a Docker daemon: the docker:dind service', 'In .gitlab-ci.yml: services: [docker:dind], variables: DOCKER_HOST: tcp://docker:2376, DOCKER_TLS_CERTDIR: "/certs"; the runner needs privileged = true in [runners.docker].'),
        ],
        references: ['https://docs.gitlab.com/ci/docker/using_docker_build/', 'https://docs.gitlab.com/runner/executors/docker/'],
        ruledOut: [claim(facts, LOG_KINDS, executor.length ? 'The failure is the runner\'s executor talking to its daemon, not a command in the job\'s script.' : 'The runner itself reached its daemon (the job ran); only the job\'s own docker client has none.')],
      },
    ];
  },
};
