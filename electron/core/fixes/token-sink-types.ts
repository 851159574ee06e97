import type { Message } from '../../../shared/messages';
import type { Facts } from '../diagnosis/facts';
import type { FixContext } from './fix-definition';
import type { KubeRef } from './kube-target';
import type { SshFileData } from './ssh-config-file';

/**
 * Where a runner reads its token, as a plan keeps it (never the token): the Helm chart's
 * Secret, a ConfigMap's config.toml, or config.toml on an SSH host. Token fixes write there.
 */
export interface SecretSink {
  kind: 'secret';
  kube: KubeRef;
  namespace: string;
  deployment: string;
  container: string;
  secret: string;
  secretResourceVersion: string;
  deploymentResourceVersion: string;
  /** When the restart was asked for: GitLab's contacted_at must move past it. */
  restartedAt?: string;
}

export interface ConfigMapSink {
  kind: 'configmap';
  kube: KubeRef;
  namespace: string;
  name: string;
  key: string;
  /** The `[[runners]]` entry (0-based) whose token is replaced. */
  runnerIndex: number;
  runnerName?: string;
  uid: string;
  resourceVersion: string;
  /** Deployments that mount the ConfigMap: restarted so the runner reads the new token. */
  deployments: { name: string; container: string; resourceVersion: string }[];
  restartedAt?: string;
}

export interface HostSink extends SshFileData {
  kind: 'ssh';
  runnerIndex: number;
  runnerName?: string;
  restartedAt?: string;
}

export type TokenSink = SecretSink | ConfigMapSink | HostSink;

/** A sink found from the user's sources, with what a plan needs from it now (held in memory only). */
export interface FoundSink {
  sink: TokenSink;
  /** The token there now: for the reset with the runner's own token, and its kind. Never shown. */
  token: string;
  /** Names that tie it to a GitLab runner's description: config.toml's `name`, the Deployment, RUNNER_NAME. */
  names: string[];
  /** The GitLab runner id config.toml names (`id`), when it does. */
  runnerId?: number;
  /** For people: "key runner-token of Secret ns/name", "ConfigMap ns/name (config.toml), [[runners]] "x"". */
  where: string;
  /** `where` as a message id (catalog `fixes`). */
  whereText: Message;
  place: { namespace?: string; host?: string };
  /** config.toml's text (holds the token): for the plan's redacted diff only. */
  text?: string;
}

/** What a new token comes with, for config.toml's other token keys. */
export interface TokenMeta {
  runnerId?: number;
  expiresAt: string | null;
}

export type SinkScan = (ctx: FixContext, facts: Facts) => Promise<FoundSink[]>;
