import { useTranslation } from 'react-i18next';
import type { KubeCheck } from '../../../shared/ipc/targets';
import { CodeBlock } from '../components/CodeBlock';
import { formatError, textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

/** Whether the cluster answered, and which RBAC permissions are missing, with the Role that grants them. */
export function AccessCheck({ check, namespace }: { check: KubeCheck; namespace: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const denied = check.results.filter((r) => r.allowed === false);
  const unknown = check.results.filter((r) => r.allowed === null);
  return (
    <section className="access-check" aria-label={t('targets.access.label', { namespace })} data-namespace={namespace}>
      <h5>{t('targets.access.label', { namespace })}</h5>
      {check.error ? (
        <p className="warning-text">{textIn(check.error, check.errorText, lang)}</p>
      ) : (
        <p>
          {check.username
            ? t('targets.access.answeredAs', { version: check.version, ms: check.latencyMs, user: check.username })
            : t('targets.access.answered', { version: check.version, ms: check.latencyMs })}
        </p>
      )}
      {!check.error && denied.length === 0 && unknown.length === 0 && (
        <p className="ok-text">{t('targets.access.allGranted')}</p>
      )}
      {denied.length > 0 && (
        <>
          <p>{t('targets.access.missing')}</p>
          <ul className="missing-verbs">
            {denied.map((r) => (
              <li key={r.id}>
                <code>{r.permission}</code>{' '}
                <span className="meta">— {r.optional ? t('targets.access.optional') : t('targets.access.neededBy', { list: r.usedBy.join(', ') })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {unknown.length > 0 && (
        <>
          <p className="meta">{t('targets.access.couldNotCheck', { count: unknown.length })}</p>
          <ul className="unchecked-verbs">
            {unknown.map((r) => (
              <li key={r.id}>
                <code>{r.permission}</code>
                {(r.failure || r.reason) && <span className="meta"> — {r.failure ? formatError(r.failure, lang) : r.reason}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {check.grant && (
        <details open>
          <summary>{t('targets.access.grant')}</summary>
          <CodeBlock code={check.grant} className="yaml" />
        </details>
      )}
    </section>
  );
}
