import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { startOver } from '../actions';
import { FindingGroups } from '../components/FindingGroups';
import { FindingsToolbar } from '../components/FindingsToolbar';
import { RestoredNotice } from '../components/RestoredNotice';
import { SourceTexts } from '../components/SourceTexts';
import { StepHeading } from '../components/StepHeading';
import { useFindingsView } from '../findings/findings-view';
import { countBySeverity, groupByStory, indexFindings, matches } from '../findings/triage';
import { goTo, useStore } from '../store';
import { localizeFindings } from '../../../shared/i18n/text';
import { isLanguage } from '../../../shared/i18n';

/** Triage first: counts and filters on top, findings grouped by what they are about, cards closed until asked. */
export function Findings() {
  const { t, i18n } = useTranslation();
  const session = useStore((s) => s.session);
  // Finding texts come as message ids: shown in the chosen language, everything below reads these.
  const lang = isLanguage(i18n.language) ? i18n.language : 'en';
  const findings = useMemo(() => localizeFindings(session?.findings ?? [], lang), [session, lang]);
  const severities = useFindingsView((s) => s.severities);
  const query = useFindingsView((s) => s.query);
  const indexed = useMemo(() => indexFindings(findings), [findings]);
  if (!session) return null;
  const shown = indexed.filter((i) => matches(i.finding, { severities, query }, lang));
  return (
    <section className="step">
      <StepHeading>{t('findings.title')}</StepHeading>
      <p>
        {indexed.length === 0 ? t(noneKey(session.files.length, session.errors.length)) : t('findings.found', { count: indexed.length, files: t('findings.inFiles', { count: session.files.length }) })}
        {session.origin === 'bundle' && ` ${t('findings.fromBundle')}`}
      </p>
      {session.origin === 'restored' && <RestoredNotice text="findings.restored" />}
      {indexed.length > 0 && (
        <FindingsToolbar counts={countBySeverity(findings)} shown={shown.length} total={indexed.length} keys={indexed.map((i) => i.key)} />
      )}
      {indexed.length > 0 && shown.length === 0 && <p className="meta">{t('findings.noMatch')}</p>}
      <FindingGroups stories={groupByStory(findings, shown)} />
      <SourceTexts id="collection-errors" title={t('findings.collectionErrors')} items={session.errors} className="errors" lang={lang} />
      <SourceTexts id="collection-notes" title={t('findings.notes')} hint={t('findings.notesHint')} items={session.notes} className="collection-notes" lang={lang} />
      {session.unrecognized.length > 0 && (
        <section aria-labelledby="unrecognized-files">
          <h3 id="unrecognized-files">{t('findings.unrecognized')}</h3>
          <p className="meta">{t('findings.unrecognizedHint')}</p>
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
          {t('common.startOver')}
        </button>
        <button type="button" className="primary" onClick={() => goTo('export')}>
          {t('findings.next')}
        </button>
      </div>
    </section>
  );
}

/** No finding is not "nothing wrong" when nothing, or not everything, could be collected. */
function noneKey(files: number, errors: number): 'findings.none' | 'findings.nothingCollected' | 'findings.nonePartial' {
  if (files === 0) return 'findings.nothingCollected';
  return errors > 0 ? 'findings.nonePartial' : 'findings.none';
}
