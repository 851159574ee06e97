import { Trans, useTranslation } from 'react-i18next';
import { chooseAllNamespaces, findRunners } from '../target-actions';
import { useTargets } from '../targets-store';
import { namespaceFieldId } from './NamespacesRefused';

/** Back from "all namespaces" to namespaces chosen one by one, with the typed-namespace field focused once it is shown. */
function chooseByHand(context: string, id: string): void {
  chooseAllNamespaces(context, false);
  requestAnimationFrame(() => document.getElementById(namespaceFieldId(id))?.focus());
}

/**
 * "All namespaces that hold runners" for one context (collect --all-namespaces): the choice, and
 * what a search finds now, where runners are and which namespaces could not be searched.
 */
export function RunnerNamespaces({ context, id }: { context: string; id: string }) {
  const { t } = useTranslation();
  const on = useTargets((s) => s.kube.allNamespaces.includes(context));
  const search = useTargets((s) => s.kube.runnerSearch[context]);
  const searching = useTargets((s) => s.busy === `kube-runners:${context}`);
  return (
    <div className="runner-namespaces">
      <div className="target">
        <input
          type="checkbox"
          id={`${id}-all`}
          checked={on}
          aria-describedby={`${id}-all-note`}
          onChange={(e) => chooseAllNamespaces(context, e.target.checked)}
        />
        <label htmlFor={`${id}-all`}>{t('targets.runners.all')}</label>
      </div>
      <p id={`${id}-all-note`} className="field-note">
        <Trans i18nKey="targets.runners.note" components={{ code: <code /> }} />
      </p>
      {on && (
        <div className="runner-search">
          <div aria-live="polite">
            {searching ? (
              <p className="meta">{t('targets.runners.searching')}</p>
            ) : (
              search && (
                <>
                  {search.found === undefined ? (
                    <>
                      <p className="warning-text" data-cannot-list>
                        {t('targets.runners.cannotList')}
                      </p>
                      <button type="button" onClick={() => chooseByHand(context, id)}>
                        {t('targets.runners.byHand')}
                      </button>
                    </>
                  ) : search.found.length ? (
                    <p data-runner-namespaces={search.found.join(' ')}>{t('targets.runners.found', { list: search.found.join(', ') })}</p>
                  ) : (
                    <p>{t('targets.runners.none')}</p>
                  )}
                  {search.unlisted.length > 0 && (
                    <p className="warning-text" data-unlisted-namespaces={search.unlisted.join(' ')}>
                      {t('targets.runners.unlisted', { list: search.unlisted.join(', ') })}
                    </p>
                  )}
                </>
              )
            )}
          </div>
          {!searching && (
            <button type="button" onClick={() => void findRunners(context)}>
              {search ? t('targets.runners.again') : t('targets.runners.search')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
