import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceLine } from '../../../shared/findings';
import { useStore } from '../store';
import { openViewer } from '../viewer/viewer-actions';

/**
 * One line of proof: where it is (file:line), what it says verbatim, and a way to see it in its
 * file, where the finding's other lines of that file (`quoted`) are highlighted too.
 */
export function EvidenceExcerpt({ line, quoted = [] }: { line: EvidenceLine; quoted?: readonly EvidenceLine[] }) {
  const { t } = useTranslation();
  const whereId = useId();
  const sessionId = useStore((s) => s.session?.sessionId);
  const where = line.line > 0 ? `${line.file}:${line.line}` : line.file;
  return (
    <figure className="evidence">
      <figcaption>
        <code id={whereId}>{where}</code>
        {sessionId && (
          // Named by its visible text; the file and line it opens are its description.
          <button type="button" className="link-button" aria-describedby={whereId} onClick={() => openViewer(sessionId, line.file, line.line, sameFileLines(quoted, line.file))}>
            {t('findings.showInFile')}
          </button>
        )}
      </figcaption>
      <pre>{line.excerpt}</pre>
    </figure>
  );
}

function sameFileLines(quoted: readonly EvidenceLine[], file: string): number[] {
  return quoted.filter((q) => q.file === file && q.line > 0).map((q) => q.line);
}
