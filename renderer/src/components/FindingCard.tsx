import type { Finding } from '../../../shared/findings';
import { EvidenceExcerpt } from './EvidenceExcerpt';
import { FixList } from './FixList';
import { SeverityBadge } from './SeverityBadge';

/** DOM id of the n-th finding's heading; ids repeat across findings (one per file or job), indexes do not. */
export function findingHeadingId(index: number): string {
  return `finding-${index + 1}`;
}

/** One diagnosed problem with the lines that prove it, what to do, and what was ruled out. */
export function FindingCard({ finding, index }: { finding: Finding; index: number }) {
  const headingId = findingHeadingId(index);
  return (
    <article className={`finding finding-${finding.severity}`} aria-labelledby={headingId} data-finding-id={finding.id}>
      <header className="finding-header">
        <SeverityBadge severity={finding.severity} />
        <h3 id={headingId} tabIndex={-1}>
          {finding.title}
        </h3>
        <code className="finding-id">{finding.id}</code>
      </header>
      <p>{finding.summary}</p>
      {finding.subject && <p className="meta">Affects: {finding.subject}</p>}
      {finding.versions && <p className="meta">Versions: {finding.versions}</p>}
      <h4>Evidence</h4>
      {finding.evidence.map((line, i) => (
        <EvidenceExcerpt key={`${line.file}:${line.line}:${i}`} line={line} />
      ))}
      {finding.fixes.length > 0 && (
        <>
          <h4>Fixes</h4>
          <FixList fixes={finding.fixes} />
        </>
      )}
      {finding.references.length > 0 && (
        <>
          <h4>References</h4>
          <ul className="references">
            {finding.references.map((ref) => (
              <li key={ref}>{ref}</li>
            ))}
          </ul>
        </>
      )}
      {finding.ruledOut && finding.ruledOut.length > 0 && (
        <>
          <h4>Ruled out</h4>
          <ul className="ruled-out">
            {finding.ruledOut.map((check) => (
              <li key={check}>{check}</li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
