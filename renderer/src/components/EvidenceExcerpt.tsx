import type { EvidenceLine } from '../../../shared/findings';
import { useStore } from '../store';
import { openViewer } from '../viewer/viewer-actions';

/** One line of proof: where it is (file:line), what it says verbatim, and a way to see it in its file. */
export function EvidenceExcerpt({ line }: { line: EvidenceLine }) {
  const sessionId = useStore((s) => s.session?.sessionId);
  const where = line.line > 0 ? `${line.file}:${line.line}` : line.file;
  return (
    <figure className="evidence">
      <figcaption>
        <code>{where}</code>
        {sessionId && (
          <button type="button" className="link-button" aria-label={`Show ${where} in file`} onClick={() => openViewer(sessionId, line.file, line.line)}>
            Show in file
          </button>
        )}
      </figcaption>
      <pre>{line.excerpt}</pre>
    </figure>
  );
}
