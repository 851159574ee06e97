import { sortFindings } from '../../../shared/findings';
import { startOver } from '../actions';
import { FindingCard } from '../components/FindingCard';
import { FindingsSummary } from '../components/FindingsSummary';
import { StepHeading } from '../components/StepHeading';
import { plural } from '../format';
import { goTo, useStore } from '../store';

export function Findings() {
  const session = useStore((s) => s.session);
  if (!session) return null;
  const findings = sortFindings(session.findings);
  return (
    <section className="step">
      <StepHeading>Findings</StepHeading>
      <p>
        {findings.length === 0
          ? 'No known problem was found in the evidence.'
          : `${plural(findings.length, 'problem')} found in ${plural(session.files.length, 'evidence file')}.`}
        {session.origin === 'bundle' && ' (opened from a bundle)'}
      </p>
      <FindingsSummary findings={findings} />
      <div className="findings">
        {findings.map((f, i) => (
          <FindingCard key={i} finding={f} index={i} />
        ))}
      </div>
      {session.errors.length > 0 && (
        <section aria-labelledby="collection-errors">
          <h3 id="collection-errors">Sources that could not be collected</h3>
          <ul className="errors">
            {session.errors.map((e, i) => (
              <li key={`${e.source}:${i}`}>
                <strong>{e.source}</strong>: {e.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {session.unrecognized.length > 0 && (
        <section aria-labelledby="unrecognized-files">
          <h3 id="unrecognized-files">Files not recognised</h3>
          <p className="meta">Kept in the bundle, but no analyzer understood them.</p>
          <ul>
            {session.unrecognized.map((path) => (
              <li key={path}>
                <code>{path}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="actions">
        <button type="button" onClick={startOver}>
          Start over
        </button>
        <button type="button" className="primary" onClick={() => goTo('export')}>
          Next: export
        </button>
      </div>
    </section>
  );
}
