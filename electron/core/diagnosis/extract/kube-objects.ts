import { listedKindOf } from '../../../../shared/evidence-layout';
import type { Facts, Located } from '../facts';
import { isRecord, str, type Path, type StructuredDoc, parseStructured } from './structured';

export interface KubeObjectFact {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  object: Record<string, unknown>;
  file: string;
  /** Line of the object's `metadata.name`. */
  line: number;
  /** Evidence for one field of the object (path relative to the object). */
  at(path: Path): Located;
  doc: StructuredDoc;
  /** Path of the object inside its document (`['items', 3]` in a List). */
  base: Path;
}

/** Kinds of items in `kind: List` output whose items lack `kind` (raw API lists). */
function guessKind(item: Record<string, unknown>): string | undefined {
  const spec = isRecord(item.spec) ? item.spec : {};
  if ('involvedObject' in item) return 'Event';
  if (Array.isArray(spec.containers)) return 'Pod';
  if (isRecord(spec.template) && isRecord(spec.selector)) return 'Deployment';
  if (isRecord(spec.hard) || (isRecord(item.status) && isRecord(item.status.used))) return 'ResourceQuota';
  if (typeof item.type === 'string' && ('data' in item || isRecord(item.metadata))) return 'Secret';
  if ('data' in item || 'binaryData' in item) return 'ConfigMap';
  return undefined;
}

function objectFact(file: string, doc: StructuredDoc, base: Path, item: Record<string, unknown>, kind: string): KubeObjectFact | undefined {
  const meta = isRecord(item.metadata) ? item.metadata : {};
  const name = str(meta.name);
  if (!name) return undefined;
  const namespace = str(meta.namespace);
  const uid = str(meta.uid);
  return {
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    ...(uid ? { uid } : {}),
    object: item,
    file,
    line: doc.lineAt([...base, 'metadata', 'name']),
    at: (path) => ({ file, line: doc.lineAt([...base, ...path]), excerpt: doc.excerptAt([...base, ...path]) }),
    doc,
    base,
  };
}

/**
 * Kubernetes objects from `kubectl get -o yaml|json` output: single objects, multi-document
 * YAML and Lists. Items of a `PodList`/`SecretList`… take their kind from the list's kind;
 * items of a plain `List` without a kind are recognised by shape.
 */
export function extractKubeObjects(file: string, text: string, facts: Facts): void {
  for (const doc of parseStructured(text)) {
    const root = doc.value;
    if (!isRecord(root)) continue;
    const listKind = str(root.kind);
    if (Array.isArray(root.items)) {
      const itemKind = listKind && listKind !== 'List' && listKind.endsWith('List') ? listKind.slice(0, -4) : undefined;
      const named = listedKindOf(file);
      if (itemKind ?? named) facts.kubeListed.add((itemKind ?? named)!);
      root.items.forEach((item, i) => {
        if (!isRecord(item)) return;
        const kind = str(item.kind) ?? itemKind ?? guessKind(item);
        const fact = kind ? objectFact(file, doc, ['items', i], item, kind) : undefined;
        if (fact) facts.kubeObjects.push(fact);
      });
    } else if (listKind) {
      const fact = objectFact(file, doc, [], root, listKind);
      if (fact) facts.kubeObjects.push(fact);
    }
  }
}

/** The container images of a workload or pod, with their paths for citing. */
export function containersOf(obj: KubeObjectFact): { container: Record<string, unknown>; path: Path; init: boolean }[] {
  const spec = obj.kind === 'Pod' ? obj.object.spec : isRecord(obj.object.spec) && isRecord(obj.object.spec.template) ? obj.object.spec.template.spec : undefined;
  const specPath: Path = obj.kind === 'Pod' ? ['spec'] : ['spec', 'template', 'spec'];
  if (!isRecord(spec)) return [];
  const out: { container: Record<string, unknown>; path: Path; init: boolean }[] = [];
  for (const [key, init] of [['containers', false], ['initContainers', true]] as const) {
    const list = spec[key];
    if (Array.isArray(list)) list.forEach((c, i) => isRecord(c) && out.push({ container: c, path: [...specPath, key, i], init }));
  }
  return out;
}

export function podSpecOf(obj: KubeObjectFact): { spec: Record<string, unknown>; path: Path } | undefined {
  if (obj.kind === 'Pod') return isRecord(obj.object.spec) ? { spec: obj.object.spec, path: ['spec'] } : undefined;
  const spec = isRecord(obj.object.spec) && isRecord(obj.object.spec.template) ? obj.object.spec.template.spec : undefined;
  return isRecord(spec) ? { spec, path: ['spec', 'template', 'spec'] } : undefined;
}

/** Runner manager images (`gitlab/gitlab-runner`, `…/gitlab-runner:alpine-v17.6.0`), not helpers. */
export const RUNNER_IMAGE = /gitlab-runner(?!-helper)[^/:@]*(?:[:@]|$)/;
