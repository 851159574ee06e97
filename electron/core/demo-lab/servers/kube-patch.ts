import { KubeStatusError } from './kube-resources';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export const PATCH_TYPES = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch: objects merge, `null` deletes a key, arrays are replaced whole. */
export function jsonMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = jsonMergePatch(out[key] ?? null, value);
  }
  return out;
}

function invalidPatch(message: string): KubeStatusError {
  return new KubeStatusError(422, 'Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw invalidPatch(`JSON pointer "${pointer}" must start with /`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container and key a JSON pointer points into; `create` allows the last step to be new. */
function locate(doc: Json, pointer: string): { parent: JsonObject | Json[]; key: string } {
  const parts = parsePointer(pointer);
  if (parts.length === 0) throw invalidPatch('operations on the document root are not supported');
  let cur: Json = doc;
  for (const part of parts.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(cur) ? cur[Number(part)] : isObject(cur) ? cur[part] : undefined;
    if (next === undefined) throw invalidPatch(`doc is missing path: "${pointer}": missing value`);
    cur = next;
  }
  if (!Array.isArray(cur) && !isObject(cur)) throw invalidPatch(`doc is missing path: "${pointer}": missing value`);
  return { parent: cur, key: parts[parts.length - 1] as string };
}

function getAt(doc: Json, pointer: string): Json {
  const { parent, key } = locate(doc, pointer);
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined) throw invalidPatch(`doc is missing path: "${pointer}": missing value`);
  return value;
}

function removeAt(doc: Json, pointer: string): Json {
  const { parent, key } = locate(doc, pointer);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw invalidPatch(`Unable to remove nonexistent key: ${key}: missing value`);
    return parent.splice(i, 1)[0] as Json;
  }
  if (!(key in parent)) throw invalidPatch(`Unable to remove nonexistent key: ${key}: missing value`);
  const value = parent[key] as Json;
  delete parent[key];
  return value;
}

function addAt(doc: Json, pointer: string, value: Json): void {
  const { parent, key } = locate(doc, pointer);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length)
      throw invalidPatch(`Unable to access invalid index: ${key}: invalid index referenced`);
    parent.splice(i, 0, structuredClone(value));
  } else parent[key] = structuredClone(value);
}

const deepEqual = (a: Json, b: Json): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
function canonical(v: Json): Json {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical(v[k] as Json)]),
    );
  return v;
}

/** RFC 6902 JSON Patch; a failed `test` stops the whole patch, as in the API server. */
export function jsonPatch(target: Json, ops: unknown): Json {
  if (!Array.isArray(ops))
    throw new KubeStatusError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const doc = structuredClone(target);
  for (const raw of ops) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string')
      throw invalidPatch('Unexpected kind: missing op or path');
    const { op, path } = raw as { op: string; path: string };
    const value = raw.value as Json;
    switch (op) {
      case 'add':
        addAt(doc, path, value);
        break;
      case 'remove':
        removeAt(doc, path);
        break;
      case 'replace':
        getAt(doc, path);
        removeAt(doc, path);
        addAt(doc, path, value);
        break;
      case 'move':
      case 'copy': {
        const from = String(raw.from ?? '');
        const v = op === 'move' ? removeAt(doc, from) : structuredClone(getAt(doc, from));
        addAt(doc, path, v);
        break;
      }
      case 'test': {
        let actual: Json | undefined;
        try {
          actual = getAt(doc, path);
        } catch {
          actual = undefined;
        }
        if (actual === undefined || !deepEqual(actual, value)) throw invalidPatch(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw invalidPatch(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}

/**
 * List fields merged by key in a strategic merge patch (from the Kubernetes types'
 * `patchMergeKey` tags); every other list is replaced whole, as with a JSON merge patch.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  env: 'name',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  conditions: 'type',
  ownerReferences: 'uid',
};

/** Strategic merge patch: like a merge patch, but keyed lists merge item by item, with `$patch` directives. */
export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return strategicMergePatch(null, rest);
  }
  if (patch.$patch === 'delete') return null;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$setElementOrder/') || key === '$retainKeys' || key === '$patch') continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = Array.isArray(value) ? value : [];
      if (Array.isArray(out[field])) out[field] = (out[field] as Json[]).filter((v) => !drop.some((d) => deepEqual(d, v)));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const mergeKey = MERGE_KEYS[key];
    if (mergeKey && Array.isArray(value)) out[key] = mergeList(Array.isArray(out[key]) ? (out[key] as Json[]) : [], value, mergeKey);
    else if (isObject(value)) out[key] = strategicMergePatch(out[key] ?? null, value);
    else out[key] = structuredClone(value);
  }
  return out;
}

function mergeList(current: Json[], patch: Json[], key: string): Json[] {
  if (patch.some((p) => isObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isObject(p) && p.$patch === 'replace')).map((p) => strategicMergePatch(null, p));
  }
  const out = current.map((c) => structuredClone(c));
  for (const item of patch) {
    if (!isObject(item) || item[key] === undefined) {
      out.push(structuredClone(item));
      continue;
    }
    const at = out.findIndex((c) => isObject(c) && deepEqual(c[key] as Json, item[key] as Json));
    if (item.$patch === 'delete') {
      if (at !== -1) out.splice(at, 1);
    } else if (at === -1) out.push(strategicMergePatch(null, item));
    else out[at] = strategicMergePatch(out[at] as Json, item);
  }
  return out;
}

/** Applies a PATCH body by its content type, or answers 415 like the API server. */
export function applyPatch(contentType: string, target: object, body: string): object {
  const type = contentType.split(';')[0]?.trim() ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw new KubeStatusError(400, 'BadRequest', `error decoding patch: ${err instanceof Error ? err.message : String(err)}`);
  }
  let result: Json;
  if (type === PATCH_TYPES.merge) result = jsonMergePatch(target as Json, parsed as Json);
  else if (type === PATCH_TYPES.json) result = jsonPatch(target as Json, parsed);
  else if (type === PATCH_TYPES.strategic) result = strategicMergePatch(target as Json, parsed as Json);
  else {
    throw new KubeStatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${Object.values(PATCH_TYPES).slice(0, 3).join(', ')}`,
    );
  }
  if (!isObject(result)) throw invalidPatch('the patch replaced the object with a non-object');
  return result;
}
