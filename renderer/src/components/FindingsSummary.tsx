import type { Finding } from '../../../shared/findings';
import { findingHeadingId } from './FindingCard';
import { SeverityBadge } from './SeverityBadge';

/** Jumps to a finding without touching location.hash (it carries the bridge token in browser mode). */
function jumpTo(index: number): void {
  const heading = document.getElementById(findingHeadingId(index));
  heading?.scrollIntoView({ block: 'start' });
  heading?.focus();
}

/** One line per finding, most severe first, each a button that moves to the finding. */
export function FindingsSummary({ findings }: { findings: readonly Finding[] }) {
  if (findings.length < 2) return null;
  return (
    <nav aria-label="Findings in this diagnosis" className="findings-summary">
      <ol>
        {findings.map((f, i) => (
          <li key={i}>
            <SeverityBadge severity={f.severity} />{' '}
            <button type="button" className="link-button" onClick={() => jumpTo(i)}>
              {f.title}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
