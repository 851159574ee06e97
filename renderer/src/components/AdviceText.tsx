import { splitCode } from '../findings/code-spans';
import { CodeBlock } from './CodeBlock';
import { ProseText } from './ProseText';

/** Advice as prose, with every command, API call and config line it quotes in its own copyable block. */
export function AdviceText({ text }: { text: string }) {
  return (
    <div className="advice">
      {splitCode(text).map((span, i) =>
        span.kind === 'code' ? (
          <CodeBlock key={i} code={span.text} />
        ) : (
          span.text.trim() && (
            <p key={i}>
              <ProseText text={span.text.trim()} />
            </p>
          )
        ),
      )}
    </div>
  );
}
