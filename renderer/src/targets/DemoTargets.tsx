import { startCollect, toggleTarget } from '../actions';
import { StepHeading } from '../components/StepHeading';
import { goTo, useStore, type TargetKey } from '../store';

interface TargetRow {
  key: TargetKey;
  label: string;
  detail: string | undefined;
}

/** The demo lab's targets, each one a checkbox; at least one must stay ticked. */
export function DemoTargets() {
  const lab = useStore((s) => s.demoLab);
  const chosen = useStore((s) => s.chosen);
  if (!lab) return null;
  const rows: TargetRow[] = [
    {
      key: 'kube',
      label: 'Kubernetes',
      detail: lab.kubeContext && `context ${lab.kubeContext}, namespace ${lab.namespace ?? 'default'}`,
    },
    { key: 'ssh', label: 'SSH host', detail: lab.sshAlias && `ssh alias ${lab.sshAlias}` },
    { key: 'gitlab', label: 'GitLab API', detail: lab.gitlabUrl },
  ];
  const available = rows.filter((r) => r.detail);
  const anyChosen = available.some((r) => chosen[r.key]);
  return (
    <section className="step">
      <StepHeading>Choose what to collect from</StepHeading>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (anyChosen) void startCollect();
        }}
      >
        <fieldset>
          <legend>Demo lab targets</legend>
          {available.map((row) => (
            <div className="target" key={row.key}>
              <input
                type="checkbox"
                id={`target-${row.key}`}
                checked={chosen[row.key]}
                onChange={(e) => toggleTarget(row.key, e.target.checked)}
              />
              <label htmlFor={`target-${row.key}`}>
                <strong>{row.label}</strong> <span className="target-detail">{row.detail}</span>
              </label>
            </div>
          ))}
        </fieldset>
        {lab.scenarios.length > 0 && <p className="meta">Incidents running in the lab: {lab.scenarios.join(', ')}.</p>}
        {!anyChosen && <p className="meta">Choose at least one target.</p>}
        <div className="actions">
          <button type="button" onClick={() => goTo('welcome')}>
            Back
          </button>
          <button type="submit" className="primary" disabled={!anyChosen}>
            Next: collect evidence
          </button>
        </div>
      </form>
    </section>
  );
}
