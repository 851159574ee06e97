import { useTranslation } from 'react-i18next';
import type { SubjectGroup } from '../findings/triage';
import { FindingCard } from './FindingCard';
import { SeverityBadge } from './SeverityBadge';

/** One section per subject (a job, a runner, a host), most severe first. */
export function FindingGroups({ groups }: { groups: readonly SubjectGroup[] }) {
  const { t } = useTranslation();
  return (
    <div className="finding-groups">
      {groups.map((group, g) => {
        const headingId = `finding-group-${g + 1}`;
        return (
          <section key={group.subject || '\0'} className="finding-group" aria-labelledby={headingId} data-subject={group.subject}>
            <h3 id={headingId}>
              <SeverityBadge severity={group.worst} /> {group.subject || t('findings.noSubject')}{' '}
              <span className="meta group-count">{t('findings.groupCount', { count: group.items.length })}</span>
            </h3>
            <div className="findings">
              {group.items.map((item) => (
                <FindingCard key={item.key} finding={item.finding} itemKey={item.key} />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
