import { useTranslation } from 'react-i18next';
import { cancelCollect, startCollect } from '../actions';
import { ProgressTable } from '../components/ProgressTable';
import { RunnerTokenChecks } from '../components/RunnerTokenChecks';
import { RestoredNotice } from '../components/RestoredNotice';
import { retryTarget, useRetries } from '../collect-retry';
import { StepHeading } from '../components/StepHeading';
import { CollectFromBundle } from './CollectFromBundle';
import { countTargets, groupProgress, isSettled } from '../../../shared/progress-groups';
import { goTo, useStore, type SourceProgress } from '../store';
import { textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

const EMPTY: Record<string, SourceProgress> = {};

/** How a finished collection ended for the user: one that read no source at all failed, whatever the run's own status. */
function finishedAs(status: 'ok' | 'cancelled' | 'failed' | undefined, failed: number, sources: number): 'ok' | 'withErrors' | 'cancelled' | 'failed' | undefined {
  if (status !== 'ok') return status;
  if (failed === 0) return 'ok';
  return failed === sources ? 'failed' : 'withErrors';
}

/**
 * Live progress of collect.start. Counts targets, all announced when collection starts
 * (operation.planned), so the total does not grow as pods are found. The last update is read out politely; when
 * collection ends the user moves on, the step does not jump by itself.
 */
export function Collect() {
  // Opening a bundle leaves no collection behind the diagnosis (openBundle clears it) until one is started.
  const fromBundle = useStore((s) => s.session?.origin === 'bundle' && s.operationId === undefined && s.busy !== 'collect');
  return fromBundle ? <CollectFromBundle /> : <CollectionProgress />;
}

function CollectionProgress() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const operationId = useStore((s) => s.operationId);
  const progress = useStore((s) => (s.operationId ? s.progress[s.operationId] : undefined) ?? EMPTY);
  const finished = useStore((s) => (s.operationId ? s.finished[s.operationId] : undefined));
  const collecting = useStore((s) => s.busy === 'collect');
  const hasSession = useStore((s) => s.session !== undefined && finished?.status === 'ok' && s.session.sessionId === finished.sessionId);
  const sessionId = useStore((s) => (s.session?.origin === 'collected' ? s.session.sessionId : undefined));
  // The rows of the collection before a restart: shown as they ended, nothing to retry in them.
  const restored = useStore((s) => hasSession && s.session?.origin === 'restored');
  const notes = useStore((s) => s.session?.notes);
  const planned = useStore((s) => (s.operationId ? s.planned[s.operationId] : undefined));
  const retrying = useRetries((s) => s.retrying);
  const rows = Object.values(progress);
  const groups = groupProgress(rows);
  const settled = groups.filter((g) => isSettled(g.state)).length;
  const failed = groups.filter((g) => g.state === 'failed').length;
  const ending = finishedAs(finished?.status, failed, groups.length);
  // A run that failed as a whole (it could not start, or analysis broke) says why, in the app's language.
  const failure = finished?.status === 'failed' ? textIn(finished.error ?? '', finished.text, lang) : undefined;
  const latest = failure
    ? ''
    : ending
      ? t(`collect.finished.${ending === 'failed' && finished?.status === 'ok' ? 'allFailed' : ending}`, {
          failed: t('collect.sourcesFailed', { count: failed }),
        })
      : planned
        ? t('collect.sourcesDone', { done: settled, count: Math.max(countTargets(planned), groups.length) })
        : '';
  // The heading says where collection stands, so a finished page never claims work is going on.
  const heading = ending ? t(`collect.titleFinished.${ending}`) : t('collect.title');
  return (
    <section className="step">
      <StepHeading>{heading}</StepHeading>
      <p className="meta">{t('collect.readOnly')}</p>
      {failure !== undefined && (
        <p role="alert" className="banner banner-error collect-failure">
          {failure ? t('collect.failedBecause', { reason: failure }) : t('collect.failed')}
        </p>
      )}
      {restored && <RestoredNotice text="collect.restored" />}
      {/* A run that failed before any source started has no rows: "Connecting…" would say it still tries. */}
      {!(failure !== undefined && rows.length === 0) && (
        <ProgressTable
          rows={rows}
          {...(hasSession && !collecting && !restored ? { retry: { onRetry: (target) => void retryTarget(target), busy: Object.keys(retrying) } } : {})}
          {...(hasSession && notes ? { notes } : {})}
        />
      )}
      <p aria-live="polite" className="live-summary">
        {latest}
      </p>
      {hasSession && !collecting && sessionId && <RunnerTokenChecks sessionId={sessionId} />}
      <div className="actions">
        {collecting && !finished ? (
          // Keyed apart from the buttons that follow it: a click meant for Cancel as the
          // collection ends must not land on the button React would otherwise reuse its element for.
          <button key="cancel" type="button" onClick={() => void cancelCollect()} disabled={!operationId}>
            {t('common.cancel')}
          </button>
        ) : (
          <>
            <button key="back" type="button" onClick={() => goTo('targets')}>
              {t('collect.backToTargets')}
            </button>
            <button type="button" className={hasSession ? undefined : 'primary'} onClick={() => void startCollect()}>
              {t('collect.again')}
            </button>
            {hasSession && (
              <button type="button" className="primary" onClick={() => goTo('findings')}>
                {t('collect.continue')}
              </button>
            )}
          </>
        )}
      </div>
    </section>
  );
}
