import { LineCounter, parseAllDocuments, isScalar, type Document, type Node } from 'yaml';
import { excerptAround, excerptOf } from '../scan/fields';

export type Path = readonly (string | number)[];

/**
 * A YAML or JSON document that still knows where each value came from, so findings can cite
 * the exact line (`kubectl get -o yaml`, `-o json`, GitLab API answers). JSON is parsed by the
 * YAML parser (JSON is YAML), which keeps positions.
 */
export interface StructuredDoc {
  value: unknown;
  /** 1-based line of the value at `path` (of the nearest existing parent), 0 when unknown. */
  lineAt(path: Path): number;
  /** The cited text for the value at `path`: its line, or a window of a long one-line JSON. */
  excerptAt(path: Path): string;
  /** Where a block scalar's content starts (its first line), for text embedded in YAML. */
  blockStart(path: Path): { line: number; block: boolean } | undefined;
  lineText(line: number): string;
}

function nodeAt(doc: Document, path: Path): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as unknown;
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return undefined;
}

/** Parses every document in the text; throws with the parser's message on broken input. */
export function parseStructured(text: string): StructuredDoc[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, strict: false });
  const list = Array.isArray(docs) ? docs : [];
  const lines = text.split('\n');
  const lineText = (line: number) => (lines[line - 1] ?? '').replace(/\r$/, '');
  return list
    .filter((doc) => doc.contents !== null)
    .map((doc) => {
      const firstError = doc.errors[0];
      if (firstError) throw new Error(firstError.message.split('\n')[0]);
      const position = (path: Path) => {
        const node = nodeAt(doc, path);
        return node?.range ? lineCounter.linePos(node.range[0]) : undefined;
      };
      return {
        value: doc.toJS({ maxAliasCount: 100 }) as unknown,
        lineAt: (path) => position(path)?.line ?? 0,
        excerptAt: (path) => {
          const pos = position(path);
          if (!pos) return '';
          const text = lineText(pos.line);
          return text.trim().length > 600 ? excerptAround(text, pos.col - 1) : excerptOf(text);
        },
        blockStart: (path) => {
          const node = doc.getIn(path, true) as unknown;
          if (!isScalar(node) || !node.range) return undefined;
          const line = lineCounter.linePos(node.range[0]).line;
          const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
          return { line: block ? line + 1 : line, block };
        },
        lineText,
      } satisfies StructuredDoc;
    });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
