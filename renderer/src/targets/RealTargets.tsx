import { useEffect } from 'react';
import { startCollect } from '../actions';
import { StepHeading } from '../components/StepHeading';
import { goTo, useStore } from '../store';
import { chosenSummary, loadDefaults } from '../target-actions';
import { useTargets } from '../targets-store';
import { FilesPanel } from './FilesPanel';
import { GitlabPanel } from './GitlabPanel';
import { KubePanel } from './KubePanel';
import { SshPanel } from './SshPanel';

/** "Diagnose my runners": the user's GitLab, clusters, hosts and files, each optional. */
export function RealTargets() {
  useEffect(() => void loadDefaults(), []);
  const summary = useTargets(chosenSummary);
  const busy = useStore((s) => s.busy);
  return (
    <section className="step">
      <StepHeading>Choose your targets</StepHeading>
      <p>
        Fill in what you have. Runner Doctor only reads: it changes nothing on GitLab, the clusters or the hosts, and redacts secrets before
        anything is saved.
      </p>
      <GitlabPanel />
      <KubePanel />
      <SshPanel />
      <FilesPanel />
      <p className="meta" aria-live="polite">
        {summary ? `To collect: ${summary}.` : 'Choose at least one target.'}
      </p>
      <div className="actions">
        <button type="button" onClick={() => goTo('welcome')}>
          Back
        </button>
        <button type="button" className="primary" disabled={!summary || busy !== undefined} onClick={() => void startCollect()}>
          Next: collect evidence
        </button>
      </div>
    </section>
  );
}
