import { create } from 'zustand';
import type { IpcError } from '../../shared/ipc/envelope';
import type { Message } from '../../shared/messages';
import type { GitlabTestResult, KubeCheck, KubeContexts, KubeReach, SshHosts, TargetDefaults } from '../../shared/ipc/targets';

export type Panel = 'gitlab' | 'kube' | 'ssh';

export interface GitlabForm {
  url: string;
  caFile: string;
  /** What the user is typing; handed to the main process once, then cleared. */
  tokenDraft: string;
  /** Reference of the token the main process keeps for `url`. */
  tokenRef?: string;
  /** Where the kept token lives: stored with the OS keychain now, or already stored from an earlier run. */
  tokenNote?: 'keychain' | 'already-stored';
  /** Why the token is kept in memory for this run only: in English, and as a message id for the window's language. */
  tokenWarning?: { message: string; text?: Message };
  /** The user chose to send the token over plain http to another machine (off unless ticked). */
  allowInsecureHttp: boolean;
  test?: GitlabTestResult;
}

export interface NamespaceChoice {
  namespaces: string[];
  note?: string;
  /** The user may not list namespaces: the API server's refusal (only the context's own namespace is offered). */
  refused?: string;
}

/** What the search for the namespaces holding runners found in a context (what collecting it would search again). */
export interface RunnerSearch {
  /** Undefined when the user may not list namespaces, so the search could not run. */
  found?: string[];
  /** Namespaces whose pods the user may not list: runners there are not found. */
  unlisted: string[];
  note?: string;
}

export interface KubeForm {
  kubeconfig: string;
  contexts?: KubeContexts;
  /** Namespaces listed (or typed) per context. */
  namespaces: Record<string, NamespaceChoice>;
  /** Chosen context/namespace pairs, as pairKey() strings. */
  selected: string[];
  /** Contexts collected from every namespace that holds runners (their ticked namespaces are set aside). */
  allNamespaces: string[];
  /** The last search for runner namespaces, per context. */
  runnerSearch: Record<string, RunnerSearch>;
  checks: Record<string, KubeCheck>;
  /** Whether each context's cluster answers, as the reachability check finds out. */
  reach: Record<string, KubeReach>;
  /** The last failed action on a context (listing, access check): shown in that context's card. */
  contextErrors: Record<string, IpcError>;
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

/** A kubeconfig's panel before anything is read from it. */
export function emptyKube(kubeconfig: string): KubeForm {
  return { kubeconfig, namespaces: {}, selected: [], allNamespaces: [], runnerSearch: {}, checks: {}, reach: {}, contextErrors: {} };
}

export const initialTargets: TargetsState = {
  gitlab: { url: '', caFile: '', tokenDraft: '', allowInsecureHttp: false },
  kube: emptyKube(''),
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

/** The chosen namespaces that will be collected: those of a context searched as a whole are not named apart. */
export function namedPairs(kube: Pick<KubeForm, 'selected' | 'allNamespaces'>): { context: string; namespace: string }[] {
  return kube.selected.map(splitPair).filter((p) => !kube.allNamespaces.includes(p.context));
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

/** A path field left at its default is not sent, so the main process applies kubectl's and ssh's own rules. */
export function unlessDefault(value: string, fallback: string | undefined): string | undefined {
  const v = value.trim();
  return v && v !== fallback ? v : undefined;
}

/** The kubeconfig field as the kube.* channels want it. */
export function kubeconfigInput(): { kubeconfig?: string } {
  const { kube, defaults } = getTargets();
  const kubeconfig = unlessDefault(kube.kubeconfig, defaults?.kubeconfig);
  return kubeconfig ? { kubeconfig } : {};
}

/** An instance URL typed as plain http: the token would travel unencrypted (the opt-in is offered). */
export function isPlainHttp(url: string): boolean {
  return /^\s*http:\/\//i.test(url);
}

/** The user's opt-in, sent only with a plain-http URL. */
export function insecureHttpInput(g: Pick<GitlabForm, 'url' | 'allowInsecureHttp'>): { allowInsecureHttp?: true } {
  return g.allowInsecureHttp && isPlainHttp(g.url) ? { allowInsecureHttp: true } : {};
}
