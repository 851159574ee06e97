import { useTranslation } from 'react-i18next';
import type { Story } from '../findings/triage';
import { subjectText } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';
import { FindingCard } from './FindingCard';
import { SeverityBadge } from './SeverityBadge';

/**
 * One section per story, most severe first: a root-cause chain reads "cause → effect → effect"
 * with its root cause's card first; findings alone are headed by their subject, in the app's language.
 */
export function FindingGroups({ stories }: { stories: readonly Story[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <div className="finding-groups">
      {stories.map((story, g) => {
        const headingId = `finding-group-${g + 1}`;
        return (
          <section key={story.items[0]!.key} className={story.chain ? 'finding-group chain' : 'finding-group'} aria-labelledby={headingId} data-subject={story.subject}>
            <h3 id={headingId}>
              <SeverityBadge severity={story.worst} /> {story.chain ? t('findings.chain', { chain: story.chain }) : subjectText(story.items[0]!.finding, lang) || t('findings.noSubject')}{' '}
              <span className="meta group-count">{t('findings.groupCount', { count: story.items.length })}</span>
            </h3>
            <div className="findings">
              {story.items.map((item, i) => (
                <FindingCard key={item.key} finding={item.finding} itemKey={item.key} rootCause={story.chain !== '' && i === 0} />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
