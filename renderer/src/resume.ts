import i18next from 'i18next';
import type { ResumeProblem, SavedCollection, Step, WizardState } from '../../shared/ipc/resume';
import { api } from './client';
import { resetFindingsView } from './findings/findings-view';
import { formatWhen } from './format';
import { currentLanguage, setLanguage } from './i18n';
import { getState, goTo, setState, useStore } from './store';
import { addNamespace } from './target-actions';
import { getTargets, setTargets, splitPair, useTargets } from './targets-store';
import { applyTheme, useTheme } from './theme';

/** Changes are saved once they settle for this long: a burst of typing is one write. */
const SAVE_PAUSE_MS = 400;

/** What survives a restart, read from the stores; only named fields, so no token can slip in. */
export function wizardSnapshot(): WizardState {
  const s = getState();
  const t = getTargets();
  return {
    step: s.step,
    ...(s.mode ? { mode: s.mode } : {}),
    chosen: s.chosen,
    ...(s.mode === 'real'
      ? {
          targets: {
            gitlabUrl: t.gitlab.url,
            gitlabCaFile: t.gitlab.caFile,
            kubeconfig: t.kube.kubeconfig,
            kubeSelected: t.kube.selected,
            kubeAllNamespaces: t.kube.allNamespaces,
            sshConfig: t.ssh.sshConfig,
            knownHosts: t.ssh.knownHosts,
            sshChosen: t.ssh.chosen,
            sshTyped: t.ssh.typed,
            files: t.files,
          },
        }
      : {}),
    ...(lastCollection() ?? {}),
    ...(s.session ? { sessionId: s.session.sessionId } : {}),
    preferences: { language: currentLanguage(), theme: useTheme.getState().theme },
  };
}

/** The Collect step's rows once its collection has finished (rows still running would come back as running). */
function lastCollection(): { collection: SavedCollection } | undefined {
  const { operationId, progress, planned, finished } = getState();
  const done = operationId ? finished[operationId] : undefined;
  if (!operationId || !done) return undefined;
  const rows = Object.values(progress[operationId] ?? {}).map(({ operationId: _op, ...row }) => row);
  const sources = planned[operationId];
  return { collection: { status: done.status, rows, ...(sources ? { planned: sources } : {}) } };
}

/** The saved rows shown again under an operation id of their own, which no running operation has. */
function restoreCollection(saved: SavedCollection, sessionId: string | undefined): void {
  const operationId = `restored-${Date.now()}`;
  const rows = Object.fromEntries(saved.rows.map((r) => [r.source, { ...r, operationId }]));
  setState((s) => ({
    operationId,
    progress: { ...s.progress, [operationId]: rows },
    planned: saved.planned ? { ...s.planned, [operationId]: saved.planned } : s.planned,
    finished: { ...s.finished, [operationId]: { operationId, status: saved.status, ...(sessionId ? { sessionId } : {}) } },
  }));
}

/**
 * At start-up: the state the last run saved on the main side comes back (targets, the
 * diagnosis and its findings, the step, the preferences); then every change is saved there.
 * A state the main side set aside (unreadable, too old, its diagnosis lost) is said in a notice.
 */
export async function resumeWizard(): Promise<void> {
  const loaded = await api().invoke('resume.load', {});
  if (loaded.ok) await restore(loaded.value);
  startSaving();
}

async function restore({ state, savedAt, problem }: { state?: WizardState; savedAt?: string; problem?: ResumeProblem }): Promise<void> {
  const problemNote = problem ? i18next.t(PROBLEM_KEYS[problem]) : undefined;
  if (!state) {
    if (problemNote) setState({ notice: problemNote });
    return;
  }
  const { language, theme } = state.preferences;
  if (language && language !== currentLanguage()) setLanguage(language);
  if (theme) applyTheme(theme);
  if (state.targets) restoreTargets(state.targets);
  setState({ chosen: state.chosen, ...(state.mode ? { mode: state.mode } : {}) });
  let hasSession = false;
  if (state.sessionId) {
    const session = await api().invoke('session.get', { sessionId: state.sessionId });
    if (session.ok) {
      resetFindingsView();
      setState({ session: session.value });
      hasSession = true;
    }
  }
  // The rows belong to the diagnosis only when it is that collection, not a bundle opened after it.
  const restored = getState().session;
  if (state.collection) restoreCollection(state.collection, restored?.origin === 'restored' ? restored.sessionId : undefined);
  // The demo's targets come from its lab, which runs in this process: start it again.
  if (state.mode === 'demo') {
    const lab = await api().invoke('demo.start', {});
    if (lab.ok) setState({ demoLab: lab.value });
  }
  const step = resumableStep(state.step, hasSession, state.mode !== undefined);
  if (step === 'welcome' && !problemNote) return;
  goTo(step);
  const when = savedAt ? formatWhen(savedAt, currentLanguage()) : '';
  setState({ notice: problemNote ?? i18next.t('resume.restored', { when }) });
}

/** A collection or a fix in flight did not survive the restart: the nearest step that did. */
export function resumableStep(step: Step, hasSession: boolean, hasMode: boolean): Step {
  if (hasSession) return step === 'collect' || step === 'fix' ? 'findings' : step;
  if (!hasMode || step === 'welcome') return 'welcome';
  return 'targets';
}

const PROBLEM_KEYS: Record<ResumeProblem, string> = {
  unreadable: 'resume.unreadable',
  'other-version': 'resume.otherVersion',
  'too-old': 'resume.tooOld',
  'diagnosis-lost': 'resume.diagnosisLost',
};

function restoreTargets(saved: NonNullable<WizardState['targets']>): void {
  setTargets((s) => ({
    gitlab: { ...s.gitlab, url: saved.gitlabUrl, caFile: saved.gitlabCaFile },
    kube: { ...s.kube, kubeconfig: saved.kubeconfig, allNamespaces: saved.kubeAllNamespaces ?? [] },
    ssh: { ...s.ssh, sshConfig: saved.sshConfig, knownHosts: saved.knownHosts, chosen: saved.sshChosen, typed: saved.sshTyped },
    files: saved.files,
  }));
  for (const key of saved.kubeSelected) {
    const { context, namespace } = splitPair(key);
    addNamespace(context, namespace);
  }
}

let lastSaved = '';
let timer: ReturnType<typeof setTimeout> | undefined;

function startSaving(): void {
  lastSaved = JSON.stringify(wizardSnapshot());
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_PAUSE_MS);
  };
  useStore.subscribe(changed);
  useTargets.subscribe(changed);
  useTheme.subscribe(changed);
  i18next.on('languageChanged', changed);
}

function save(): void {
  const state = wizardSnapshot();
  const text = JSON.stringify(state);
  if (text === lastSaved) return;
  lastSaved = text;
  void api().invoke('resume.save', { state });
}
