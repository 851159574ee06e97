import { useTranslation } from 'react-i18next';
import type { EvidenceFile } from '../../../shared/evidence';
import { formatBytes } from '../format';

/** The evidence files of a session, as they will appear in the bundle. */
export function FileTable({ files }: { files: readonly EvidenceFile[] }) {
  const { t } = useTranslation();
  return (
    <table className="data-table file-table">
      <caption className="visually-hidden">{t('files.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('files.file')}</th>
          <th scope="col">{t('files.kind')}</th>
          <th scope="col" className="num">
            {t('files.size')}
          </th>
          <th scope="col" className="num">
            {t('files.redactions')}
          </th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.path}>
            <td>
              <code>{file.path}</code>
              {file.truncated && <span className="meta"> {t('files.truncated')}</span>}
            </td>
            <td>{file.kind}</td>
            <td className="num">{formatBytes(file.bytes)}</td>
            <td className="num">{file.redactions}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
