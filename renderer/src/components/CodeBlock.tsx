import { useId } from 'react';
import { CopyButton } from './CopyButton';

/** A command, call or snippet to paste elsewhere, with a copy button. */
export function CodeBlock({ code, className }: { code: string; className?: string }) {
  const id = useId();
  return (
    <div className={className ? `code-block ${className}` : 'code-block'}>
      <pre>
        <code id={id}>{code}</code>
      </pre>
      <CopyButton text={code} describedBy={id} />
    </div>
  );
}
