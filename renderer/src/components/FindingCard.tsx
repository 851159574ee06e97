import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../shared/findings';
import { subjectText } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';
import { firstLine } from '../findings/triage';
import { setExpanded, useFindingsView } from '../findings/findings-view';
import { EvidenceExcerpt } from './EvidenceExcerpt';
import { FixList } from './FixList';
import { ProseText } from './ProseText';
import { References } from './References';
import { SeverityBadge } from './SeverityBadge';

/** DOM id of a finding's heading. */
export function findingHeadingId(key: string): string {
  return `finding-${key}`;
}

/**
 * One diagnosed problem. Closed, it is a title, a one-line summary and its first line of proof;
 * open, it shows all the evidence, what to do, the references and what was ruled out.
 */
export function FindingCard({ finding, itemKey, rootCause = false }: { finding: Finding; itemKey: string; rootCause?: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const open = useFindingsView((s) => s.expanded.has(itemKey));
  const headingId = findingHeadingId(itemKey);
  const detailsId = `${headingId}-details`;
  const [proof] = finding.evidence;
  return (
    <article
      className={`finding finding-${finding.severity}${open ? ' open' : ''}`}
      aria-labelledby={headingId}
      data-finding-id={finding.id}
      data-key={itemKey}
    >
      <header className="finding-header">
        <SeverityBadge severity={finding.severity} />
        {rootCause && <span className="badge badge-root">{t('findings.rootCause')}</span>}
        <h4 id={headingId} tabIndex={-1}>
          {finding.title}
        </h4>
        <code className="finding-id">{finding.id}</code>
      </header>
      <p className={open ? 'finding-summary' : 'finding-summary one-line'}>
        <ProseText text={open ? finding.summary : firstLine(finding.summary)} />
      </p>
      {!open && proof && <EvidenceExcerpt line={{ ...proof, excerpt: firstLine(proof.excerpt) }} quoted={finding.evidence} />}
      <button
        type="button"
        className="link-button expand"
        aria-expanded={open}
        aria-controls={open ? detailsId : undefined}
        aria-describedby={headingId}
        onClick={() => setExpanded(itemKey, !open)}
      >
        {open ? t('findings.hideDetails') : t('findings.showDetails', { count: finding.evidence.length })}
      </button>
      {open && (
        <div id={detailsId} className="finding-details">
          {finding.subject && <p className="meta">{t('findings.affects', { subject: subjectText(finding, lang) })}</p>}
          {finding.versions && <p className="meta">{t('findings.versions', { versions: finding.versions })}</p>}
          <h5>{t('findings.evidence')}</h5>
          {finding.evidence.map((line, i) => (
            <EvidenceExcerpt key={`${line.file}:${line.line}:${i}`} line={line} quoted={finding.evidence} />
          ))}
          {finding.fixes.length > 0 && (
            <>
              <h5>{t('findings.fixes')}</h5>
              <FixList finding={finding} fixes={finding.fixes} />
            </>
          )}
          {finding.references.length > 0 && (
            <>
              <h5>{t('findings.references')}</h5>
              <References refs={finding.references} />
            </>
          )}
          {finding.ruledOut && finding.ruledOut.length > 0 && (
            <>
              <h5>{t('findings.ruledOut')}</h5>
              <ul className="ruled-out">
                {finding.ruledOut.map((check) => (
                  <li key={check}>
                    <ProseText text={check} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </article>
  );
}
