import type { EvidenceFile } from '../../../shared/evidence';
import { formatBytes } from '../format';

/** The evidence files of a session, as they will appear in the bundle. */
export function FileTable({ files }: { files: readonly EvidenceFile[] }) {
  return (
    <table className="data-table file-table">
      <caption className="visually-hidden">Evidence files</caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Kind</th>
          <th scope="col" className="num">
            Size
          </th>
          <th scope="col" className="num">
            Redactions
          </th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.path}>
            <td>
              <code>{file.path}</code>
              {file.truncated && <span className="meta"> (cut to its size limit)</span>}
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
