import { create } from 'zustand';
import type { IpcError } from '../../shared/ipc/envelope';
import type { GitlabTestResult, KubeCheck, KubeContexts, SshHosts, TargetDefaults } from '../../shared/ipc/targets';

export type Panel = 'gitlab' | 'kube' | 'ssh';

export interface GitlabForm {
  url: string;
  caFile: string;
  /** What the user is typing; handed to the main process once, then cleared. */
  tokenDraft: string;
  /** Reference of the token the main process keeps for `url`. */
  tokenRef?: string;
  /** Where the kept token lives, in words (keychain, or memory for this run). */
  tokenNote?: string;
  tokenWarning?: string;
  test?: GitlabTestResult;
}

export interface NamespaceChoice {
  namespaces: string[];
  note?: string;
}

export interface KubeForm {
  kubeconfig: string;
  contexts?: KubeContexts;
  /** Namespaces listed (or typed) per context. */
  namespaces: Record<string, NamespaceChoice>;
  /** Chosen context/namespace pairs, as pairKey() strings. */
  selected: string[];
  checks: Record<string, KubeCheck>;
}

export interface SshForm {
  sshConfig: string;
  knownHosts: string;
  hosts?: SshHosts;
  chosen: string[];
  /** Hosts typed as user@host:port, separated by commas or spaces. */
  typed: string;
}

export interface TargetsState {
  defaults?: TargetDefaults;
  gitlab: GitlabForm;
  kube: KubeForm;
  ssh: SshForm;
  /** Paths, one per line. */
  files: string;
  /** The panel action in flight ('gitlab-test', 'kube-ns:<context>'…). */
  busy?: string;
  errors: Partial<Record<Panel, IpcError>>;
}

export const initialTargets: TargetsState = {
  gitlab: { url: '', caFile: '', tokenDraft: '' },
  kube: { kubeconfig: '', namespaces: {}, selected: [], checks: {} },
  ssh: { sshConfig: '', knownHosts: '', chosen: [], typed: '' },
  files: '',
  errors: {},
};

export const useTargets = create<TargetsState>()(() => initialTargets);
export const setTargets = useTargets.setState;
export const getTargets = useTargets.getState;

/** One key per context/namespace pair; NUL cannot occur in either name. */
export function pairKey(context: string, namespace: string): string {
  return `${context}\u0000${namespace}`;
}

export function splitPair(key: string): { context: string; namespace: string } {
  const [context = '', namespace = ''] = key.split('\u0000');
  return { context, namespace };
}

/** Typed hosts as a list: commas, spaces and new lines all separate. */
export function typedHosts(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export function filePaths(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
