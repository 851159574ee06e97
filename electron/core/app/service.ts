import { auditLogPath, readAuditLog } from '../fixes/audit';
import { copyFile } from 'node:fs/promises';
import { EVIDENCE_SEARCH_LIMIT, type DemoLabInfo, type Sources } from '../../../shared/ipc/channels';
import type { DemoLab } from '../demo-lab/lab';
import { writeBundle } from '../evidence/bundle/write-bundle';
import { renderMarkdownReport } from '../evidence/bundle/report-md';
import { buildManifest } from '../evidence/bundle/write-bundle';
import { EvidenceLines, filesUnder } from '../evidence/read-lines';
import { removeStaleSessionDirs } from '../evidence/session-dirs';
import { errorMessage, isCancelled } from '../util/abort';
import { finishedError } from './finished-error';
import { defaultKubeconfigPath } from '../kube/kubeconfig';
import { createDeps, defaultKnownHosts, defaultSshConfig, type AppServiceOptions } from './app-deps';
import { UserFacingError } from './dispatch';
import { msg } from '../../../shared/messages';
import type { HandlerContext, Handlers, HostServices } from './handler-types';
import { uiExecApprover, uiHostKeyAsker } from './handlers/approvers';
import { preparePlan, type PreparedPlan } from './handlers/collect-plan';
import { fixHandlers } from './handlers/fixes';
import { tokenCheckHandlers } from './handlers/token-checks';
import type { RunnerTokenRef } from '../gitlab/config-tokens';
import { gitlabHandlers } from './handlers/gitlab';
import { kubeHandlers } from './handlers/kube';
import { sshHandlers } from './handlers/ssh';
import { collectSession } from './collect-session';
import { recollectTarget } from './recollect';
import { progressText, type ProgressFn } from '../collect/progress';
import type { SourceTarget } from '../../../shared/source-ids';
import { bundleSession } from './pipeline';
import { ResumeStore } from './resume-store';
import { summarize, type Session } from './session';
import { APP_NAME, APP_VERSION } from './version';

export interface AppService {
  handlers: Handlers;
  /** Stops the demo lab, cancels running work and removes session temp files. */
  dispose(): Promise<void>;
}

/** Collection progress as operation.progress events of one operation. */
function progressTo(ctx: HandlerContext, operationId: string): ProgressFn {
  return (source, state, message, done, total) =>
    ctx.emit('operation.progress', {
      operationId,
      source: source.id,
      target: source.target,
      ...(source.part !== undefined ? { part: source.part } : {}),
      state,
      ...progressText(message),
      ...(done !== undefined ? { done } : {}),
      ...(total !== undefined ? { total } : {}),
    });
}

/** The product's handlers for every IPC channel, wired once with their dependencies. */
export function createAppService(host: HostServices, options: AppServiceOptions = {}): AppService {
  const deps = createDeps(host, options);
  const operations = deps.operations;
  const sessions = new Map<string, Session>();
  /** What each collected session was collected from: its fixes write to the same targets. */
  const sessionSources = new Map<string, Sources>();
  /** The runner tokens each collected session found in config.toml files, raw: main side only, for an explicit check. */
  const sessionTokens = new Map<string, readonly RunnerTokenRef[]>();
  /** Line indexes of the evidence files opened in the viewer, per session. */
  const evidenceLines = new Map<string, EvidenceLines>();
  let lab: DemoLab | undefined;
  let labStarting: Promise<DemoLab> | undefined;

  // The demo lab (servers, certificates, scenarios) loads only when the demo is used.
  const labInfo = async (): Promise<DemoLabInfo> =>
    lab
      ? {
          running: true,
          kubeconfigPath: lab.kubeconfigPath,
          kubeContext: lab.kubeContext,
          namespace: lab.namespace,
          sshConfigPath: lab.sshConfigPath,
          sshAlias: lab.sshAlias,
          gitlabUrl: lab.gitlab.url,
          scenarios: lab.scenarios.map(scenarioInfo),
        }
      : { running: false, scenarios: (await import('../demo-lab/scenarios')).SCENARIOS.map(scenarioInfo) };

  const closeSession = async (s: Session): Promise<void> => {
    sessions.delete(s.id);
    sessionSources.delete(s.id);
    sessionTokens.delete(s.id);
    await evidenceLines.get(s.id)?.dispose().catch(() => undefined);
    evidenceLines.delete(s.id);
    await s.dispose().catch(() => undefined);
  };
  // Evidence left in the temp folder by a run that crashed or was killed.
  void removeStaleSessionDirs();

  const session = (id: string): Session => {
    const s = sessions.get(id);
    if (!s) throw new UserFacingError('not-found', msg('app.session.notOpen'));
    return s;
  };

  /** The line reader of a session's evidence file, made on first use and kept while the session is open. */
  const linesOf = (sessionId: string, path: string): EvidenceLines => {
    const s = session(sessionId);
    if (!s.reader.entries().some((e) => e.path === path)) throw new UserFacingError('not-found', `No evidence file ${path}`);
    let lines = evidenceLines.get(s.id);
    if (!lines) {
      lines = new EvidenceLines(s.reader, s.store ? filesUnder(s.store.root) : undefined);
      evidenceLines.set(s.id, lines);
    }
    return lines;
  };
  let searching: AbortController | undefined;
  /** The wizard's state across restarts, next to the app's other state. */
  const resume = new ResumeStore(deps.configDir);

  const runCollection = (prepared: PreparedPlan, ctx: HandlerContext, sources: Sources): string =>
    operations.start(async (signal, operationId) => {
      try {
        // Questions are asked in the window that started the collection; cancelling it answers no.
        const plan = prepared({
          approveExec: uiExecApprover(deps.prompts, ctx, signal),
          askHostKey: uiHostKeyAsker(deps.prompts, ctx, signal),
        });
        let tokens: readonly RunnerTokenRef[] = [];
        const { session: s } = await collectSession(plan, {
          signal,
          onRunnerTokens: (found) => (tokens = found),
          onPlanned: (sources) => ctx.emit('operation.planned', { operationId, sources }),
          onProgress: progressTo(ctx, operationId),
        });
        if (signal.aborted) {
          await s.dispose();
          ctx.emit('operation.finished', { operationId, status: 'cancelled' });
          return;
        }
        // One collected diagnosis at a time (a restored one included): the previous one's temp evidence goes now, not at quit.
        for (const old of [...sessions.values()].filter((o) => o.origin !== 'bundle')) await closeSession(old);
        sessions.set(s.id, s);
        sessionSources.set(s.id, sources);
        sessionTokens.set(s.id, tokens);
        ctx.emit('operation.finished', { operationId, status: 'ok', sessionId: s.id });
      } catch (err) {
        ctx.emit(
          'operation.finished',
          isCancelled(err) || signal.aborted
            ? { operationId, status: 'cancelled' }
            : { operationId, status: 'failed', ...finishedError(err) },
        );
      }
    });

  /** Retries of one session run one after another, so each analysis sees the retries before it. */
  const retries = new Map<string, Promise<void>>();
  const retryTarget = (s: Session, sources: Sources, target: SourceTarget, ctx: HandlerContext): string =>
    operations.start(async (signal, operationId) => {
      const run = (retries.get(s.id) ?? Promise.resolve()).then(async () => {
        const prepared = await preparePlan(sources, deps, lab);
        const plan = prepared({ approveExec: uiExecApprover(deps.prompts, ctx, signal), askHostKey: uiHostKeyAsker(deps.prompts, ctx, signal) });
        await recollectTarget(s, plan, target, { signal, onProgress: progressTo(ctx, operationId) });
        // The viewer's line indexes belong to the evidence as it was.
        await evidenceLines.get(s.id)?.dispose().catch(() => undefined);
        evidenceLines.delete(s.id);
      });
      retries.set(s.id, run.catch(() => undefined));
      try {
        await run;
        ctx.emit('operation.finished', { operationId, status: signal.aborted ? 'cancelled' : 'ok', sessionId: s.id });
      } catch (err) {
        ctx.emit(
          'operation.finished',
          isCancelled(err) || signal.aborted ? { operationId, status: 'cancelled' } : { operationId, status: 'failed', ...finishedError(err) },
        );
      }
    });

  const fixes = fixHandlers({
    deps,
    operations,
    session,
    sourcesOf: (id) => sessionSources.get(id),
    lab: () => lab,
    collectAgain: async (sources, ctx) => runCollection(await preparePlan(sources, deps, lab), ctx, sources),
  });
  const { dispose: disposeFixes, ...fixChannels } = fixes;
  const tokenChecks = tokenCheckHandlers({ deps, session, sourcesOf: (id) => sessionSources.get(id), tokensOf: (id) => sessionTokens.get(id), lab: () => lab });

  const handlers: Handlers = {
    'app.info': async () => ({ name: APP_NAME, version: APP_VERSION, shell: host.shell }),
    'demo.status': async () => labInfo(),
    'demo.start': async () => {
      if (!lab) {
        labStarting ??= import('../demo-lab/lab').then((m) => m.startDemoLab());
        try {
          lab = await labStarting;
        } finally {
          labStarting = undefined;
        }
      }
      return labInfo();
    },
    'collect.start': async ({ sources }, ctx) => ({ operationId: runCollection(await preparePlan(sources, deps, lab), ctx, sources) }),
    'collect.retry': async ({ sessionId, target }, ctx) => {
      const s = session(sessionId);
      const sources = sessionSources.get(s.id);
      if (!s.store || !sources) throw new UserFacingError('invalid-input', msg('app.recollect.notThisRun'));
      return { operationId: retryTarget(s, sources, target, ctx) };
    },
    'operation.cancel': async ({ operationId }) => ({ cancelled: operations.cancel(operationId) }),
    'session.get': async ({ sessionId }) => summarize(session(sessionId)),
    'evidence.lines': async ({ sessionId, path, fromLine, count }) => linesOf(sessionId, path).page(path, fromLine, count),
    'evidence.search': async ({ sessionId, path, query }) => {
      const lines = linesOf(sessionId, path);
      // A new search (the user typed on) ends the one before it: only the latest answer matters.
      searching?.abort();
      const controller = new AbortController();
      searching = controller;
      try {
        return await lines.search(path, query, EVIDENCE_SEARCH_LIMIT, controller.signal);
      } finally {
        if (searching === controller) searching = undefined;
      }
    },
    'bundle.export': async ({ sessionId, language }) => {
      const s = session(sessionId);
      const target = await host.chooseSavePath(`runner-doctor-bundle-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`);
      if (!target) return { saved: false };
      const download = () => (host.offerDownload ? { download: host.offerDownload(target) } : {});
      if (s.store) {
        const auditLog = await readAuditLog(auditLogPath(deps.configDir));
        const written = await writeBundle(s.store, s.analysis.findings, target, { ...(auditLog ? { auditLog } : {}), ...(language ? { language } : {}) });
        return { saved: true, path: written.path, bytes: written.bytes, sha256: written.sha256, ...download() };
      }
      if (!s.bundlePath) throw new UserFacingError('not-found', msg('app.export.nothing'));
      await copyFile(s.bundlePath, target);
      return { saved: true, path: target, ...download() };
    },
    'bundle.open': async ({ path, upload }) => {
      const uploaded = upload ? host.uploadedPath?.(upload) : undefined;
      if (upload && !uploaded) throw new UserFacingError('not-found', msg('app.upload.unknown'));
      const chosen = path ?? uploaded ?? (await host.chooseOpenPath());
      if (!chosen) return { opened: false };
      let s: Session;
      try {
        s = await bundleSession(chosen);
      } catch (err) {
        throw new UserFacingError('invalid-input', errorMessage(err));
      }
      sessions.set(s.id, s);
      return { opened: true, session: summarize(s) };
    },
    'targets.defaults': async () => ({
      kubeconfig: defaultKubeconfigPath(),
      sshConfig: defaultSshConfig(deps),
      knownHosts: defaultKnownHosts(deps)[0] as string,
    }),
    ...gitlabHandlers(deps),
    ...kubeHandlers(deps),
    ...sshHandlers(deps),
    ...fixChannels,
    ...tokenChecks,
    'prompt.answer': async ({ promptId, accept }) => ({ answered: deps.prompts.answer(promptId, accept) }),
    'resume.load': async () => {
      const restored = await resume.load(bundleSession);
      if (restored.session) {
        sessions.set(restored.session.id, restored.session);
        if (restored.sources) sessionSources.set(restored.session.id, restored.sources);
      }
      return {
        ...(restored.state ? { state: restored.state } : {}),
        ...(restored.savedAt ? { savedAt: restored.savedAt } : {}),
        ...(restored.problem ? { problem: restored.problem } : {}),
      };
    },
    'resume.save': async ({ state }) => {
      const s = state.sessionId ? sessions.get(state.sessionId) : undefined;
      await resume.save(state, s, s ? sessionSources.get(s.id) : undefined);
      return { saved: true };
    },
    'report.markdown': async ({ sessionId, language }) => {
      const s = session(sessionId);
      const manifest = s.store ? buildManifest(s.store, []) : s.manifest;
      if (!manifest) throw new UserFacingError('not-found', msg('app.report.noManifest'));
      return { markdown: renderMarkdownReport(manifest, s.analysis.findings, language) };
    },
  };

  return {
    handlers,
    async dispose() {
      operations.cancelAll();
      deps.prompts.cancelAll();
      // A save under way writes from its session: it ends before the sessions go.
      await resume.flush();
      await disposeFixes();
      for (const l of evidenceLines.values()) await l.dispose().catch(() => undefined);
      evidenceLines.clear();
      for (const s of sessions.values()) await s.dispose().catch(() => undefined);
      sessions.clear();
      await lab?.stop();
      lab = undefined;
    },
  };
}

export type { AppServiceOptions };

/** A scenario as the wizard lists it: its id names its title in the window's language. */
function scenarioInfo(s: { id: string; seed: string; title: string }): DemoLabInfo['scenarios'][number] {
  return { id: s.id, seed: s.seed, title: s.title };
}
