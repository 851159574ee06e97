import { useTranslation } from 'react-i18next';
import type { Severity } from '../../../shared/findings';

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${severity}`}>{t(`severity.${severity}`)}</span>;
}
