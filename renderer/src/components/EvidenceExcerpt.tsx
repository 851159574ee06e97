import type { EvidenceLine } from '../../../shared/findings';

/** One line of proof: where it is (file:line) and what it says, verbatim. */
export function EvidenceExcerpt({ line }: { line: EvidenceLine }) {
  const where = line.line > 0 ? `${line.file}:${line.line}` : line.file;
  return (
    <figure className="evidence">
      <figcaption>
        <code>{where}</code>
      </figcaption>
      <pre>{line.excerpt}</pre>
    </figure>
  );
}
