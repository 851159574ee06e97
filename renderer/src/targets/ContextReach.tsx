import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../shared/ipc/envelope';
import type { KubeReach } from '../../../shared/ipc/targets';
import { recheckContext } from '../reach-actions';
import { useTargets } from '../targets-store';
import { textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

/**
 * Whether this context's cluster answers: checking, reachable with its version, or not and
 * why, with what to check. A failed action on the context (listing namespaces, checking
 * access) is shown here too, named after the context, until the next action on it.
 */
export function ContextReach({ context, id }: { context: string; id: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const reach = useTargets((s) => s.kube.reach[context]);
  const error = useTargets((s) => s.kube.contextErrors[context]);
  return (
    <>
      {reach && <ReachLine context={context} reach={reach} id={id} />}
      {error && (
        <div className="banner banner-error context-error" role="alert">
          {t('targets.reach.actionFailed', { context })} {textIn(error.message, error.text, lang)} <span className="error-code">({error.code})</span>
          {!reach || reach.state === 'reachable' ? <ActionAdvice error={error} /> : null}
        </div>
      )}
      {reach && reach.state !== 'checking' && (
        <button type="button" className="recheck" aria-describedby={`${id}-reach`} onClick={() => void recheckContext(context)}>
          {t('targets.reach.again')}
        </button>
      )}
    </>
  );
}

function ReachLine({ context, reach, id }: { context: string; reach: KubeReach; id: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  switch (reach.state) {
    case 'checking':
      return (
        <p id={`${id}-reach`} className="reach reach-checking" data-reach="checking">
          {t('targets.reach.checking')}
        </p>
      );
    case 'reachable':
      return (
        <p id={`${id}-reach`} className="reach reach-ok ok-text" data-reach="reachable">
          {t('targets.reach.reachable', { version: reach.version, ms: reach.latencyMs })}
        </p>
      );
    case 'needs-approval':
      return (
        <p id={`${id}-reach`} className="reach field-note" data-reach="needs-approval">
          {t('targets.reach.needsApproval')}
        </p>
      );
    case 'unreachable':
      return (
        <div id={`${id}-reach`} className="reach banner banner-error" data-reach="unreachable" data-reason={reach.reason}>
          <p className="reach-title">
            <strong>{t('targets.reach.unreachable', { context, reason: t(`targets.reach.reason.${reach.reason}`) })}</strong>
          </p>
          <p>
            <span className="reach-advice-label">{t('targets.reach.whatToCheck')}</span>{' '}
            {t(`targets.reach.advice.${reach.reason}`, { command: reach.command ?? '' })}
          </p>
          <p className="reach-detail">{t('targets.reach.detail', { detail: textIn(reach.detail, reach.detailText, lang) })}</p>
        </div>
      );
  }
}

/** Advice for a failed action when the cluster itself answers (or was not checked). */
function ActionAdvice({ error }: { error: IpcError }) {
  const { t } = useTranslation();
  const key =
    error.code === 'forbidden' ? 'forbidden' : error.code === 'unauthorized' ? 'unauthorized' : error.code === 'tls' || error.code === 'tls-unknown-authority' ? 'tls' : undefined;
  return key ? <p>{t(`targets.reach.advice.${key}`, { command: '' })}</p> : null;
}
