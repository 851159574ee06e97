import i18next from 'i18next';
import type { Sources } from '../../shared/ipc/channels';
import type { KubeContexts } from '../../shared/ipc/targets';
import type { Envelope, IpcError } from '../../shared/ipc/envelope';
import { msg } from '../../shared/messages';
import { formatError, textParts } from '../../shared/i18n/text';
import { api } from './client';
import { getState } from './store';
import { checkReachability, recheckContext } from './reach-actions';
import {
  emptyKube,
  filePaths,
  getTargets,
  insecureHttpInput,
  kubeconfigInput,
  namedPairs,
  pairKey,
  setTargets,
  splitPair,
  typedHosts,
  unlessDefault,
  type GitlabForm,
  type NamespaceChoice,
  type Panel,
  type RunnerSearch,
  type TargetsState,
} from './targets-store';

/** One panel call with its busy flag; a failure is shown in that panel and yields undefined. */
async function panelCall<T>(panel: Panel, busy: string, call: () => Promise<Envelope<T>>): Promise<T | undefined> {
  setTargets((s) => ({ busy, errors: { ...s.errors, [panel]: undefined } }));
  const result = await call();
  setTargets((s) => ({
    busy: s.busy === busy ? undefined : s.busy,
    ...(result.ok ? {} : { errors: { ...s.errors, [panel]: result.error } }),
  }));
  return result.ok ? result.value : undefined;
}

/** On entering the step: the defaults and contexts, and a fresh check of contexts whose check was stopped on leaving. */
export async function enterTargets(): Promise<void> {
  await loadDefaults();
  const { contexts, reach } = getTargets().kube;
  const unchecked = (contexts?.contexts ?? []).map((c) => c.name).filter((n) => !reach[n]);
  if (unchecked.length) await checkReachability(unchecked);
}

/** Prefills the path fields with where kubectl and ssh look by default. */
export async function loadDefaults(): Promise<void> {
  if (getTargets().defaults) return;
  const result = await api().invoke('targets.defaults', {});
  if (!result.ok) return;
  const d = result.value;
  setTargets((s) => ({
    defaults: d,
    kube: { ...s.kube, kubeconfig: s.kube.kubeconfig || d.kubeconfig },
    ssh: { ...s.ssh, sshConfig: s.ssh.sshConfig || d.sshConfig, knownHosts: s.ssh.knownHosts || d.knownHosts },
  }));
  // The contexts of kubectl's kubeconfig on entry (reading it contacts no cluster); without one, nothing is said.
  if (!getTargets().kube.contexts && getTargets().kube.kubeconfig === d.kubeconfig) {
    const contexts = await api().invoke('kube.contexts', {});
    if (contexts.ok && !getTargets().kube.contexts) showContexts(contexts.value);
  }
}

/**
 * A context list arrives: the current context's own namespace is chosen already, as kubectl
 * would use it, and every context's cluster is asked whether it answers.
 */
function showContexts(contexts: KubeContexts): void {
  const known = new Set(contexts.contexts.map((c) => c.name));
  setTargets((s) => {
    // Namespaces already chosen (a resumed state) stay chosen while their context is still there.
    const selected = s.kube.selected.filter((key) => known.has(splitPair(key).context));
    const namespaces = Object.fromEntries(Object.entries(s.kube.namespaces).filter(([context]) => known.has(context)));
    const allNamespaces = s.kube.allNamespaces.filter((context) => known.has(context));
    return { kube: { ...emptyKube(s.kube.kubeconfig), contexts, selected, namespaces, allNamespaces } };
  });
  const current = contexts.contexts.find((c) => c.name === contexts.current);
  const { selected, allNamespaces } = getTargets().kube;
  if (current?.namespace && selected.length === 0 && allNamespaces.length === 0) addNamespace(current.name, current.namespace);
  // A resumed "all namespaces with runners" shows what a collection would find again.
  for (const context of allNamespaces) void findRunners(context);
  void checkReachability();
}

// GitLab

export function editGitlab(patch: Partial<Pick<GitlabForm, 'url' | 'caFile' | 'tokenDraft' | 'allowInsecureHttp'>>): void {
  setTargets((s) => {
    const urlChanged = patch.url !== undefined && patch.url !== s.gitlab.url;
    // Another instance: the kept token, the last test and the plain-http opt-in belong to the old one.
    const reset = urlChanged
      ? { tokenRef: undefined, tokenNote: undefined, tokenWarning: undefined, test: undefined, allowInsecureHttp: false }
      : {};
    return { gitlab: { ...s.gitlab, ...patch, ...reset } };
  });
}

/** Whether a token is already kept for the URL typed (from an earlier run, in the keychain). */
export async function lookUpStoredToken(): Promise<void> {
  const { url, tokenRef } = getTargets().gitlab;
  if (!url.trim() || tokenRef) return;
  const result = await api().invoke('gitlab.storedToken', { url });
  if (result.ok && result.value.tokenRef && getTargets().gitlab.url === url) {
    setTargets((s) => ({
      gitlab: {
        ...s.gitlab,
        tokenRef: result.value.tokenRef,
        tokenNote: 'already-stored',
      },
    }));
  }
}

/** Hands a typed token to the main process once; the page keeps only its reference. */
export async function saveToken(): Promise<boolean> {
  const { url, tokenDraft } = getTargets().gitlab;
  if (!tokenDraft.trim()) return true;
  if (!url.trim()) {
    const text = msg('gitlab.token.needsUrl');
    setTargets((s) => ({ errors: { ...s.errors, gitlab: { code: 'invalid-input', message: formatError(text), text } } }));
    return false;
  }
  const saved = await panelCall('gitlab', 'gitlab-token', () => api().invoke('gitlab.saveToken', { url, token: tokenDraft }));
  if (!saved) return false;
  // Stored: say so. Not stored: the main process says why, and that it lasts for this run only.
  const note = saved.persisted ? 'keychain' : undefined;
  const warning = saved.persisted ? undefined : saved.warning ? { message: saved.warning, ...(saved.warningText ? { text: saved.warningText } : {}) } : textParts(msg('secrets.keptInMemory'));
  setTargets((s) => ({ gitlab: { ...s.gitlab, tokenDraft: '', tokenRef: saved.tokenRef, tokenNote: note, tokenWarning: warning } }));
  return true;
}

export async function testGitlab(): Promise<void> {
  if (!(await saveToken())) return;
  await lookUpStoredToken();
  const gitlab = getTargets().gitlab;
  const { url, tokenRef, caFile } = gitlab;
  setTargets((s) => ({ gitlab: { ...s.gitlab, test: undefined } }));
  const test = await panelCall('gitlab', 'gitlab-test', () =>
    api().invoke('gitlab.test', {
      url,
      ...(tokenRef ? { tokenRef } : {}),
      ...(caFile.trim() ? { caFile: caFile.trim() } : {}),
      ...insecureHttpInput(gitlab),
    }),
  );
  if (test) setTargets((s) => ({ gitlab: { ...s.gitlab, test } }));
}

// Kubernetes

export function editKubeconfig(kubeconfig: string): void {
  // Contexts and choices belong to the file they were read from.
  setTargets({ kube: emptyKube(kubeconfig) });
}

export async function loadContexts(): Promise<void> {
  const { kube, defaults } = getTargets();
  const kubeconfig = unlessDefault(kube.kubeconfig, defaults?.kubeconfig);
  const contexts = await panelCall('kube', 'kube-contexts', () => api().invoke('kube.contexts', kubeconfig ? { kubeconfig } : {}));
  if (contexts) showContexts(contexts);
}

/**
 * One action on a context: its failure stays in that context's card (another context's action
 * does not clear it), and the context's reachability is checked again to say what to check.
 */
async function contextCall<T>(context: string, busy: string, call: () => Promise<Envelope<T>>): Promise<T | undefined> {
  const withoutError = (errors: Record<string, IpcError>) => Object.fromEntries(Object.entries(errors).filter(([c]) => c !== context));
  setTargets((s) => ({ busy, kube: { ...s.kube, contextErrors: withoutError(s.kube.contextErrors) } }));
  const result = await call();
  setTargets((s) => ({
    busy: s.busy === busy ? undefined : s.busy,
    ...(result.ok ? {} : { kube: { ...s.kube, contextErrors: { ...s.kube.contextErrors, [context]: result.error } } }),
  }));
  // A failure says what to check; a success after one (or after an exec plugin's approval) clears the old state.
  const reach = getTargets().kube.reach[context]?.state;
  if (
    result.ok
      ? reach !== undefined && reach !== 'reachable' && reach !== 'checking'
      : result.error.code !== 'cancelled' && result.error.code !== 'invalid-input'
  )
    void recheckContext(context);
  return result.ok ? result.value : undefined;
}

/** May show a prompt first: a context whose user runs an exec plugin asks before it runs. */
export async function loadNamespaces(context: string): Promise<void> {
  const listed = await contextCall(context, `kube-ns:${context}`, () => api().invoke('kube.namespaces', { ...kubeconfigInput(), context }));
  if (!listed) return;
  setTargets((s) => ({
    kube: {
      ...s.kube,
      namespaces: { ...s.kube.namespaces, [context]: namespaceChoice(listed) },
    },
  }));
}

/** A context's namespaces as listed; a refusal to list them is kept in the server's words, for the card to explain in the user's language. */
function namespaceChoice(listed: { namespaces: string[]; source: 'cluster' | 'context'; note?: string | undefined; refusal?: string | undefined }): NamespaceChoice {
  if (listed.source === 'context') return { namespaces: listed.namespaces, refused: listed.refusal ?? '' };
  return { namespaces: listed.namespaces, ...(listed.note ? { note: listed.note } : {}) };
}

/**
 * Every namespace that holds runners in `context`, as collect --all-namespaces finds them: the
 * choice is made at once (the collection searches again); the search says what it would find now.
 */
export function chooseAllNamespaces(context: string, on: boolean): void {
  setTargets((s) => ({
    kube: {
      ...s.kube,
      allNamespaces: on ? [...new Set([...s.kube.allNamespaces, context])] : s.kube.allNamespaces.filter((c) => c !== context),
    },
  }));
  if (on) void findRunners(context);
}

export async function findRunners(context: string): Promise<void> {
  const listed = await contextCall(context, `kube-runners:${context}`, () =>
    api().invoke('kube.namespaces', { ...kubeconfigInput(), context, findRunners: true }),
  );
  if (!listed) return;
  const search: RunnerSearch = {
    ...(listed.runnerNamespaces ? { found: listed.runnerNamespaces } : {}),
    unlisted: listed.unlistedNamespaces ?? [],
    ...(listed.note ? { note: listed.note } : {}),
  };
  setTargets((s) => ({
    kube: {
      ...s.kube,
      runnerSearch: { ...s.kube.runnerSearch, [context]: search },
      namespaces: { ...s.kube.namespaces, [context]: namespaceChoice(listed) },
    },
  }));
}

/** For users who may not list namespaces: a namespace typed by hand, chosen at once. */
export function addNamespace(context: string, namespace: string): void {
  const ns = namespace.trim();
  if (!ns) return;
  setTargets((s) => {
    const current = s.kube.namespaces[context] ?? { namespaces: [] };
    const namespaces = current.namespaces.includes(ns) ? current.namespaces : [...current.namespaces, ns];
    return { kube: { ...s.kube, namespaces: { ...s.kube.namespaces, [context]: { ...current, namespaces } } } };
  });
  toggleNamespace(context, ns, true);
}

export function toggleNamespace(context: string, namespace: string, on: boolean): void {
  const key = pairKey(context, namespace);
  setTargets((s) => ({
    kube: { ...s.kube, selected: on ? [...new Set([...s.kube.selected, key])] : s.kube.selected.filter((k) => k !== key) },
  }));
}

/** Connectivity and RBAC for each chosen namespace of `context`. */
export async function checkAccess(context: string): Promise<void> {
  const pairs = getTargets()
    .kube.selected.map(splitPair)
    .filter((p) => p.context === context);
  for (const { namespace } of pairs) {
    const check = await contextCall(context, `kube-check:${context}`, () =>
      api().invoke('kube.check', { ...kubeconfigInput(), context, namespace }),
    );
    if (!check) return;
    setTargets((s) => ({ kube: { ...s.kube, checks: { ...s.kube.checks, [pairKey(context, namespace)]: check } } }));
  }
}

// SSH

export async function loadSshHosts(): Promise<void> {
  const { ssh, defaults } = getTargets();
  const sshConfig = unlessDefault(ssh.sshConfig, defaults?.sshConfig);
  const hosts = await panelCall('ssh', 'ssh-hosts', () => api().invoke('ssh.hosts', sshConfig ? { sshConfig } : {}));
  if (hosts) setTargets((s) => ({ ssh: { ...s.ssh, hosts, chosen: s.ssh.chosen.filter((a) => hosts.hosts.some((h) => h.alias === a)) } }));
}

export function toggleAlias(alias: string, on: boolean): void {
  setTargets((s) => ({ ssh: { ...s.ssh, chosen: on ? [...new Set([...s.ssh.chosen, alias])] : s.ssh.chosen.filter((a) => a !== alias) } }));
}

// Collection

/** The user's own targets as collect.start wants them; the GitLab token goes by reference only. */
export function realSources(): Sources {
  const { gitlab, kube, ssh, files, defaults } = getTargets();
  const sources: Sources = {};
  const kubeconfig = unlessDefault(kube.kubeconfig, defaults?.kubeconfig);
  const kubeTargets = [
    ...namedPairs(kube),
    // The same search as collect --all-namespaces, run by the collection itself.
    ...kube.allNamespaces.map((context) => ({ context, allNamespaces: true })),
  ];
  if (kubeTargets.length) sources.kube = kubeTargets.map((k) => ({ ...k, ...(kubeconfig ? { kubeconfig } : {}) }));
  const hosts = [...new Set([...ssh.chosen, ...typedHosts(ssh.typed)])];
  const sshConfig = unlessDefault(ssh.sshConfig, defaults?.sshConfig);
  const knownHosts = unlessDefault(ssh.knownHosts, defaults?.knownHosts);
  if (hosts.length)
    sources.ssh = hosts.map((host) => ({ host, ...(sshConfig ? { sshConfig } : {}), ...(knownHosts ? { knownHosts } : {}) }));
  if (gitlab.url.trim()) {
    sources.gitlab = {
      url: gitlab.url.trim(),
      ...(gitlab.tokenRef ? { tokenRef: gitlab.tokenRef } : {}),
      ...(gitlab.caFile.trim() ? { caFile: gitlab.caFile.trim() } : {}),
      ...insecureHttpInput(gitlab),
    };
  }
  const paths = filePaths(files);
  if (paths.length) sources.files = paths;
  return sources;
}

/** What will be collected, in words, or undefined when nothing is chosen yet. */
export function chosenSummary(s: TargetsState): string | undefined {
  const parts: string[] = [];
  if (s.gitlab.url.trim()) parts.push(i18next.t('targets.gitlabInstances', { count: 1 }));
  const named = namedPairs(s.kube).length;
  if (named) parts.push(i18next.t('targets.namespaces', { count: named }));
  if (s.kube.allNamespaces.length) parts.push(i18next.t('targets.runnerNamespaces', { count: s.kube.allNamespaces.length }));
  const hosts = new Set([...s.ssh.chosen, ...typedHosts(s.ssh.typed)]).size;
  if (hosts) parts.push(i18next.t('targets.sshHosts', { count: hosts }));
  const paths = filePaths(s.files).length;
  if (paths) parts.push(i18next.t('targets.paths', { count: paths }));
  return parts.length ? parts.join(', ') : undefined;
}

/** Chosen namespaces whose context the reachability check found unreachable, by context, in order. */
export function unreachableChosen(s: TargetsState): string[] {
  const contexts = new Set([...namedPairs(s.kube).map((p) => p.context), ...s.kube.allNamespaces]);
  return [...contexts].filter((c) => s.kube.reach[c]?.state === 'unreachable');
}

/** Before collecting: hand over a typed token, or find the one kept for this instance. */
export async function prepareRealCollection(): Promise<boolean> {
  if (getState().mode !== 'real') return true;
  if (!(await saveToken())) return false;
  await lookUpStoredToken();
  return true;
}
