import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { startCollect } from '../actions';
import { StepHeading } from '../components/StepHeading';
import { goTo, useStore } from '../store';
import { cancelReachability } from '../reach-actions';
import { chosenSummary, enterTargets } from '../target-actions';
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
