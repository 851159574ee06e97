import { splitQuoted } from '../findings/code-spans';

/** A sentence of a finding or its advice, with the names it quotes in backticks set as code. */
export function ProseText({ text }: { text: string }) {
  return <>{splitQuoted(text).map((span, i) => (span.kind === 'code' ? <code key={i}>{span.text}</code> : span.text))}</>;
}
