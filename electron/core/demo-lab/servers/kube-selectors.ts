import type { KubeObject } from '../world';

/** A parse failure in a selector: the API server answers 400 with this message. */
export class SelectorError extends Error {}

type LabelTerm =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'eq' | 'ne'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

/** Splits on commas that are not inside a `(…)` value set. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms.map((t) => t.trim()).filter(Boolean);
}

function parseLabelTerm(term: string): LabelTerm {
  const set = term.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/);
  if (set) return { op: set[2] as 'in' | 'notin', key: set[1] as string, values: (set[3] as string).split(',').map((v) => v.trim()) };
  const ne = term.match(/^([\w./-]+)\s*!=\s*([\w.-]*)$/);
  if (ne) return { op: 'ne', key: ne[1] as string, value: ne[2] as string };
  const eq = term.match(/^([\w./-]+)\s*==?\s*([\w.-]*)$/);
  if (eq) return { op: 'eq', key: eq[1] as string, value: eq[2] as string };
  const not = term.match(/^!\s*([\w./-]+)$/);
  if (not) return { op: 'notexists', key: not[1] as string };
  if (/^[\w./-]+$/.test(term)) return { op: 'exists', key: term };
  throw new SelectorError(`unable to parse requirement: found '${term}', expected: !, identifier, or 'end of string'`);
}

/** Label selectors, equality- and set-based (`a=b,c!=d,e in (x,y),!f`). */
export function matchesLabelSelector(labels: Record<string, string> | undefined, selector: string | null): boolean {
  if (!selector) return true;
  return splitTerms(selector).every((term) => {
    const t = parseLabelTerm(term);
    const value = labels?.[t.key];
    switch (t.op) {
      case 'exists':
        return value !== undefined;
      case 'notexists':
        return value === undefined;
      case 'eq':
        return value === t.value;
      case 'ne':
        return value !== t.value;
      case 'in':
        return value !== undefined && t.values.includes(value);
      case 'notin':
        return value === undefined || !t.values.includes(value);
    }
  });
}

/** Field paths each kind supports in field selectors, as the API server registers them. */
const FIELD_PATHS: Record<string, readonly string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Secret: ['type'],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Namespace: ['status.phase'],
  Node: ['spec.unschedulable'],
};

function fieldValue(obj: KubeObject, path: string): string {
  if (obj.kind === 'Event' && path === 'source') return String((obj.source as { component?: string } | undefined)?.component ?? '');
  let cur: unknown = obj;
  for (const part of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  return cur === undefined || cur === null ? '' : String(cur);
}

/** Field selectors (`metadata.name=x,status.phase!=Running`); unknown fields are a 400, as in the API. */
export function matchesFieldSelector(obj: KubeObject, selector: string | null): boolean {
  if (!selector) return true;
  return selector
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .every((term) => {
      const m = term.match(/^([\w.]+)\s*(==|=|!=)\s*(.*)$/);
      if (!m) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
      const [, path, op, want] = m as unknown as [string, string, string, string];
      const allowed = ['metadata.name', 'metadata.namespace', ...(FIELD_PATHS[obj.kind] ?? [])];
      if (!allowed.includes(path)) throw new SelectorError(`field label not supported: ${path}`);
      const value = fieldValue(obj, path);
      return op === '!=' ? value !== want : value === want;
    });
}

/** Validates a field selector's paths for a kind even when there are no objects to test. */
export function checkFieldSelector(kind: string, selector: string | null): void {
  if (!selector) return;
  matchesFieldSelector({ apiVersion: 'v1', kind, metadata: { name: '' } }, selector);
}
