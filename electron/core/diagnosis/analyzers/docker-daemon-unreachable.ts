import { msg } from '../../../../shared/messages';
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
  label: msg('docker-daemon-unreachable.label'),
  signatures: [DAEMON_UNREACHABLE],
  analyze(facts: Facts): Draft[] {
    const lines = matchesOf(facts, DAEMON_UNREACHABLE);
    if (!lines.length) return [];
    const executor = lines.filter((m) => EXECUTOR.test(m.excerpt) || facts.entries.some((e) => e.path === m.file && e.kind !== 'job-log'));
    const inJob = lines.filter((m) => !executor.includes(m));
    const denied = lines.some((m) => m.fields.denied);
    const address = lines[0]!.fields.daemon ?? lines[0]!.fields.socket;
    const daemon = address ?? msg('docker-daemon-unreachable.theDaemon');
    const cause = denied ? 'denied' : address && /^tcp:/.test(address) ? 'remote' : 'stopped';
    const summary = executor.length
      ? [msg('docker-daemon-unreachable.summary.executor', { daemon }), msg(`docker-daemon-unreachable.summary.executor.${cause}`)]
      : [msg('docker-daemon-unreachable.summary.job', { daemon })];
    return [
      {
        id: 'docker-daemon-unreachable',
        severity: 'error',
        title: msg(executor.length ? 'docker-daemon-unreachable.title.executor' : 'docker-daemon-unreachable.title.job', { daemon }),
        summary,
        evidence: evidence(executor.slice(0, 3), inJob.slice(0, 3), failingLinesAfter(facts, lines[0]!, 1)),
        fixes: [
          executor.length
            ? fix('start-docker-daemon', msg('docker-daemon-unreachable.fix.executor.title'), msg('docker-daemon-unreachable.fix.executor.manual'))
            : fix('start-docker-daemon', msg('docker-daemon-unreachable.fix.job.title'), msg('docker-daemon-unreachable.fix.job.manual')),
        ],
        references: ['https://docs.gitlab.com/ci/docker/using_docker_build/', 'https://docs.gitlab.com/runner/executors/docker/'],
        ruledOut: [claim(facts, LOG_KINDS, msg(executor.length ? 'docker-daemon-unreachable.ruledOut.executor' : 'docker-daemon-unreachable.ruledOut.job'))],
      },
    ];
  },
};
