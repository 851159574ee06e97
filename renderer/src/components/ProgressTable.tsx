import { useTranslation } from 'react-i18next';
import { groupProgress, type ProgressGroup } from '../../../shared/progress-groups';
import type { SourceProgress } from '../store';
import type { SourceTarget } from '../../../shared/source-ids';
import type { CollectionNote } from '../../../shared/evidence';
import { textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

/** "3 of 5 pods done, 1 failed"; nothing for a target without parts (its one row says it all). */
function useCountsText(): (group: ProgressGroup) => string {
  const { t } = useTranslation();
  return ({ target, counts, parts }) => {
    if (parts.length === 0) return '';
    const extra = [
      counts.failed > 0 && t('collect.failedCount', { count: counts.failed }),
      counts.running > 0 && t('collect.runningCount', { count: counts.running }),
      counts.cancelled > 0 && t('collect.cancelledCount', { count: counts.cancelled }),
    ].filter(Boolean);
    const done = t(target.kind === 'kube' ? 'collect.podsDone' : 'collect.partsDone', { done: counts.done, count: counts.total });
    return [done, ...extra].join(', ');
  };
}

function State({ state }: { state: SourceProgress['state'] }) {
  const { t } = useTranslation();
  return <span className={`state state-${state}`}>{t(`collect.state.${state}`)}</span>;
}

function Details({ row, label, notes }: { row: SourceProgress | undefined; label: string; notes: readonly CollectionNote[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <>
      {row && textIn(row.message, row.text, lang)}
      {row?.total !== undefined && row.done !== undefined && <progress max={row.total} value={row.done} aria-label={label} />}
      {/* A remark, not a failure (docker absent on a podman host): muted, beside what the source brought. */}
      {notes.map((n, i) => (
        <p key={i} className="source-note">
          {t('collect.note', { note: textIn(n.message, n.text, lang) })}
        </p>
      ))}
    </>
  );
}

/** A Retry button on each failed target, once collection has ended. */
export interface RetryControl {
  onRetry(target: SourceTarget): void;
  /** Ids of the targets being collected again now. */
  busy: string[];
}

/**
 * One row per target (a namespace, a host, a GitLab instance) with its state, and one row per
 * item under it (the pods), named without repeating the target; a collector's notes on its row.
 */
export function ProgressTable({ rows, retry, notes = [] }: { rows: readonly SourceProgress[]; retry?: RetryControl; notes?: readonly CollectionNote[] }) {
  const { t } = useTranslation();
  const countsText = useCountsText();
  const notesOf = (source: string) => notes.filter((n) => n.source === source);
  if (rows.length === 0) return <p className="meta">{t('collect.connecting')}</p>;
  return (
    <table className="data-table progress-table">
      <caption className="visually-hidden">{t('collect.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('collect.source')}</th>
          <th scope="col">{t('collect.stateHeader')}</th>
          <th scope="col">{t('collect.details')}</th>
        </tr>
      </thead>
      {groupProgress(rows).map((group) => ({ ...group, label: group.target.kind === 'files' ? t('collect.filesSource', { path: group.target.path }) : group.label })).map((group) => (
        <tbody key={group.key} data-group={group.key}>
          <tr className="group-row" data-source={group.key}>
            <th scope="rowgroup">
              {group.label} {countsText(group) && <span className="group-counts">{countsText(group)}</span>}
            </th>
            <td>
              <State state={group.state} />
              {retry && group.state === 'failed' && (
                <button
                  type="button"
                  className="retry-source"
                  aria-label={t('collect.retryLabel', { source: group.label })}
                  disabled={retry.busy.includes(group.key)}
                  onClick={() => retry.onRetry(group.target)}
                >
                  {t('collect.retry')}
                </button>
              )}
            </td>
            <td>
              <Details row={group.own} label={t('collect.progressOf', { source: group.label })} notes={notesOf(group.key)} />
            </td>
          </tr>
          {group.parts.map((row) => {
            const name = row.part ?? row.source;
            return (
              <tr key={row.source} data-source={row.source} className="part-row">
                <th scope="row">{name}</th>
                <td>
                  <State state={row.state} />
                </td>
                <td>
                  <Details row={row} label={t('collect.progressOf', { source: name })} notes={notesOf(row.source)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      ))}
    </table>
  );
}
