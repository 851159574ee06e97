import { useTranslation } from 'react-i18next';

/** Exactly what collecting sends to each kind of target, and the one GitLab write it never makes. */
export function CollectionTouches() {
  const { t } = useTranslation();
  return (
    <details className="collection-touches">
      <summary>{t('targets.touches.summary')}</summary>
      <p>{t('targets.touches.intro')}</p>
      <ul>
        <li>{t('targets.touches.kube')}</li>
        <li>{t('targets.touches.gitlab')}</li>
        <li>
          <strong>{t('targets.touches.verify')}</strong>
        </li>
        <li>{t('targets.touches.ssh')}</li>
        <li>{t('targets.touches.files')}</li>
      </ul>
    </details>
  );
}
