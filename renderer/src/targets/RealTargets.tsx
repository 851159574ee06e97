import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { startCollect } from '../actions';
import { StepHeading } from '../components/StepHeading';
import { goTo, useStore } from '../store';
import { cancelReachability } from '../reach-actions';
import { chosenSummary, enterTargets, unreachableChosen } from '../target-actions';
import { useTargets } from '../targets-store';
import { CollectionTouches } from './CollectionTouches';
import { FilesPanel } from './FilesPanel';
import { GitlabPanel } from './GitlabPanel';
import { KubePanel } from './KubePanel';
import { SshPanel } from './SshPanel';

/** "Diagnose my runners": the user's GitLab, clusters, hosts and files, each optional. */
export function RealTargets() {
  const { t } = useTranslation();
  useEffect(() => {
    void enterTargets();
    // Leaving the step stops the reachability checks still running.
    return () => cancelReachability();
  }, []);
  const summary = useTargets(chosenSummary);
  // Said before "Next" rather than after a collection that fails: the current context may be the unreachable one.
  const unreachable = useTargets(useShallow(unreachableChosen));
  const busy = useStore((s) => s.busy);
  return (
    <section className="step">
      <StepHeading>{t('targets.realTitle')}</StepHeading>
      <p>{t('targets.realIntro')}</p>
      <CollectionTouches />
      <GitlabPanel />
      <KubePanel />
      <SshPanel />
      <FilesPanel />
      <p className="meta" aria-live="polite">
        {summary ? t('targets.toCollect', { list: summary }) : t('targets.chooseOne')}
      </p>
      {unreachable.length > 0 && (
        <p className="banner banner-warning chosen-unreachable">
          {t('targets.chosenUnreachable', { count: unreachable.length, list: unreachable.join(', ') })}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => goTo('welcome')}>
          {t('common.back')}
        </button>
        <button type="button" className="primary" disabled={!summary || busy !== undefined} onClick={() => void startCollect()}>
          {t('targets.next')}
        </button>
      </div>
    </section>
  );
}
