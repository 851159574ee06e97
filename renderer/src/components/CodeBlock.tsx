import { useId } from 'react';
import { CopyButton } from './CopyButton';

/** A unified diff's line kind, for its colour: added, removed, a hunk header, or context. */
function diffLineClass(line: string): string | undefined {
  if (line.startsWith('+++') || line.startsWith('---')) return 'diff-file';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  if (line.startsWith('@@')) return 'diff-hunk';
  return undefined;
}

/** A command, call or snippet to paste elsewhere, with a copy button; a unified diff with its lines coloured. */
export function CodeBlock({ code, className, diff = false }: { code: string; className?: string; diff?: boolean }) {
  const id = useId();
  const lines = code.split('\n');
  return (
    <div className={className ? `code-block ${className}` : 'code-block'}>
      <pre>
        <code id={id}>
          {diff
            ? lines.map((line, i) => (
                <span key={i} className={diffLineClass(line)}>
                  {line}
                  {i < lines.length - 1 && '\n'}
                </span>
              ))
            : code}
        </code>
      </pre>
      <CopyButton text={code} describedBy={id} />
    </div>
  );
}
