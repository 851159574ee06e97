import type { RunnerDoctorApi } from '../../shared/ipc/api';
import { DEMO_TARGETS, type Sources } from '../../shared/ipc/channels';
import type { Envelope } from '../../shared/ipc/envelope';
import { api, setApi } from './client';
import { listenForPrompts } from './prompt-actions';
import { listenForReach } from './reach-actions';
import { listenForFixes } from './fix-actions';
import { asCollectionProgress, listenForRetries } from './collect-retry';
import { download, downloadName, uploadBundle } from './transfer-actions';
import { prepareRealCollection, realSources } from './target-actions';
import i18next from 'i18next';
import { currentLanguage } from './i18n';
import { resetFindingsView } from './findings/findings-view';
import { resumeWizard } from './resume';
import { getState, goTo, markUnfinishedCancelled, recordFinished, recordProgress, setState, showError, type SourceProgress, type TargetKey } from './store';

/** Wires the API once at start-up: connection state, app name, and the operation events. */
export function initActions(instance: RunnerDoctorApi): void {
  setApi(instance);
  instance.on('operation.progress', queueProgress);
  instance.on('operation.planned', ({ operationId, sources }) => setState((s) => ({ planned: { ...s.planned, [operationId]: sources } })));
  instance.on('operation.finished', (f) => {
    flushProgress();
    recordFinished(f);
    void completeIfFinished();
  });
  listenForPrompts(instance);
  listenForReach(instance);
  listenForFixes(instance);
  listenForRetries(instance);
  void instance.invoke('app.info', {}).then((r) => {
    if (r.ok) {
      const { name, version, shell } = r.value;
      setState({ appLabel: `${name} ${version}`, shell, connection: { state: 'connected' } });
      void resumeWizard();
    }
  });
}

/** Progress events are applied in batches, at most one render per 50 ms: a fleet of hundreds of pods does not re-render the table per event. */
const pendingProgress: SourceProgress[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;
function queueProgress(p: SourceProgress): void {
  pendingProgress.push(p);
  flushTimer ??= setTimeout(flushProgress, 50);
}

function flushProgress(): void {
  flushTimer = undefined;
  recordProgress(pendingProgress.splice(0).map(asCollectionProgress));
}

/** Runs one invoke with `busy` set; errors go to the error banner and yield undefined. */
export async function run<T>(busy: string, call: () => Promise<Envelope<T>>): Promise<T | undefined> {
  setState({ busy, error: undefined, notice: undefined });
  const result = await call();
  if (!result.ok) {
    showError(result.error);
    return undefined;
  }
  setState({ busy: undefined });
  return result.value;
}

export async function startDemo(): Promise<void> {
  const lab = await run('demo', () => api().invoke('demo.start', {}));
  if (!lab) return;
  setState({ mode: 'demo', demoLab: lab, chosen: { kube: true, ssh: true, gitlab: true } });
  goTo('targets');
}

/** "Diagnose my runners": the user's own GitLab, clusters, hosts and files. */
export function startReal(): void {
  setState({ mode: 'real' });
  goTo('targets');
}

/** "Open a bundle…": the native dialog in the app; in browser mode, `file` from the page's file picker. */
export async function openBundle(file?: File): Promise<void> {
  setState({ busy: 'open', error: undefined, notice: undefined });
  const upload = file ? await uploadBundle(file) : undefined;
  if (file && !upload) return void setState({ busy: undefined });
  const opened = await run('open', () => api().invoke('bundle.open', upload ? { upload } : {}));
  if (!opened) return;
  if (!opened.opened || !opened.session) {
    setState({ notice: i18next.t('welcome.notOpened') });
    return;
  }
  resetFindingsView();
  // The last collection's rows say nothing about the bundle's diagnosis: step 3 no longer shows them.
  setState({ session: opened.session, operationId: undefined, cancelling: undefined, exported: undefined, copiedReport: undefined, fix: undefined });
  goTo('findings');
}

export function toggleTarget(key: TargetKey, on: boolean): void {
  setState((s) => ({ chosen: { ...s.chosen, [key]: on } }));
}

/**
 * The demo lab's targets the user kept ticked, as collect.start wants them: `demo: true` with
 * the lab's own credentials, and `demoTargets` naming the subset when not all are kept.
 */
export function chosenSources(): Sources {
  const { demoLab: lab, chosen } = getState();
  if (!lab) return {};
  const offered = DEMO_TARGETS.filter((k) => targetOffered(k));
  if (offered.every((k) => chosen[k])) return { demo: true };
  return { demo: true, demoTargets: offered.filter((k) => chosen[k]) };
}

/** Whether the demo lab offers this kind of target at all. */
export function targetOffered(key: TargetKey): boolean {
  const lab = getState().demoLab;
  if (!lab) return false;
  if (key === 'kube') return Boolean(lab.kubeContext);
  if (key === 'ssh') return Boolean(lab.sshAlias);
  return Boolean(lab.gitlabUrl);
}

export async function startCollect(): Promise<void> {
  const real = getState().mode === 'real';
  // A token typed but not yet handed over goes to the main process first (and leaves the page).
  if (real && !(await prepareRealCollection())) return;
  goTo('collect');
  setState({ busy: 'collect', operationId: undefined, cancelling: undefined });
  const started = await api().invoke('collect.start', { sources: real ? realSources() : chosenSources() });
  if (!started.ok) return showError(started.error);
  setState({ operationId: started.value.operationId });
  await completeIfFinished();
}

export async function cancelCollect(): Promise<void> {
  const operationId = getState().operationId;
  if (!operationId) return;
  flushProgress();
  markUnfinishedCancelled(operationId, (what) => i18next.t('collect.stoppedDuring', { what }));
  const result = await api().invoke('operation.cancel', { operationId });
  if (!result.ok) showError(result.error);
}

/** Once the current operation has finished: load its session and show the findings. */
async function completeIfFinished(): Promise<void> {
  const { operationId, finished, busy } = getState();
  const done = operationId ? finished[operationId] : undefined;
  if (!done || busy !== 'collect') return;
  if (done.status === 'cancelled') return void setState({ busy: undefined });
  // The Collect step says why a run failed as a whole; the banner is for the rest.
  if (done.status === 'failed') return void setState({ busy: undefined });
  if (!done.sessionId) return showError({ code: 'internal', message: i18next.t('collect.failed') });
  const sessionId = done.sessionId;
  // The user reads the table and moves on with "Continue to findings"; nothing jumps away from them.
  const session = await run('session', () => api().invoke('session.get', { sessionId }));
  if (!session) return;
  resetFindingsView();
  setState({ session, exported: undefined, copiedReport: undefined, fix: undefined });
}

export async function exportBundle(): Promise<void> {
  const session = getState().session;
  if (!session) return;
  const result = await run('export', () => api().invoke('bundle.export', { sessionId: session.sessionId, language: currentLanguage() }));
  if (!result) return;
  setState({ exported: result });
  // Browser mode: the browser saves it where the user chooses; the server keeps no copy.
  if (result.download && result.path) download(result.download, downloadName(result.path));
}

export async function copyReport(): Promise<void> {
  const session = getState().session;
  if (!session) return;
  const result = await run('copy', () => api().invoke('report.markdown', { sessionId: session.sessionId, language: currentLanguage() }));
  if (!result) return;
  try {
    await navigator.clipboard.writeText(result.markdown);
    setState({ copiedReport: result.markdown, notice: i18next.t('export.copied') });
  } catch {
    // Keep the text on screen so it can still be copied by hand.
    setState({ copiedReport: result.markdown, notice: i18next.t('export.noClipboard') });
  }
}

export function startOver(): void {
  setState({ session: undefined, operationId: undefined, exported: undefined, copiedReport: undefined, mode: undefined, fix: undefined });
  goTo('welcome');
}
