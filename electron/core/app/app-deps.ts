import { join } from 'node:path';
import { homedir } from 'node:os';
import { fileApprovalStore, type ExecApprovalStore } from '../kube/exec-approval';
import { OperationRegistry } from '../operations/registry';
import { appConfigDir, appKnownHostsFile } from '../util/app-paths';
import type { HostServices } from './handler-types';
import { PromptBroker } from './prompts';

export interface AppServiceOptions {
  /** The app's own state (accepted host keys, exec plugin approvals); default: the per-user config folder. */
  configDir?: string;
  /** Home folder for ~/.ssh and ~/.kube defaults. */
  home?: string;
  /** How long a prompt waits for the user (default 5 minutes). */
  promptTimeoutMs?: number;
}

/** What the handler modules share: the host, the prompt broker and where the app keeps its state. */
export interface AppDeps {
  host: HostServices;
  prompts: PromptBroker;
  /** Every long operation of the app, so operation.cancel stops any of them. */
  operations: OperationRegistry;
  configDir: string;
  home: string;
  /** Remembered yeses for kubeconfig exec plugins. */
  approvals: ExecApprovalStore;
  /** Hosts whose keys the user accepted in the app (never ~/.ssh/known_hosts). */
  appKnownHostsFile: string;
}

export function createDeps(host: HostServices, options: AppServiceOptions = {}): AppDeps {
  // Without an explicit folder, the same files the CLI uses, so a yes given in one counts in the other.
  const configDir = options.configDir;
  return {
    host,
    prompts: new PromptBroker(options.promptTimeoutMs),
    operations: new OperationRegistry(),
    configDir: configDir ?? appConfigDir(),
    home: options.home ?? homedir(),
    approvals: configDir ? fileApprovalStore(join(configDir, 'exec-approvals.json')) : fileApprovalStore(),
    appKnownHostsFile: configDir ? join(configDir, 'known_hosts') : appKnownHostsFile(),
  };
}

export function defaultSshConfig(deps: Pick<AppDeps, 'home'>): string {
  return join(deps.home, '.ssh', 'config');
}

/** The user's known_hosts files, as ssh reads them by default. */
export function defaultKnownHosts(deps: Pick<AppDeps, 'home'>): string[] {
  return [join(deps.home, '.ssh', 'known_hosts'), join(deps.home, '.ssh', 'known_hosts2')];
}
