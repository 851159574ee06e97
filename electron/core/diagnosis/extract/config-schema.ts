import generated from './config-schema.generated.json';
import { msg, type Message } from '../../../../shared/messages';

/**
 * The structure gitlab-runner decodes config.toml into, generated from its Go structs
 * (common/config.go and the packages it embeds) by build/gen-config-schema.mjs, with the
 * release each key appeared in and, for keys it no longer reads, the release that dropped them.
 */
export type ValueType = 'string' | 'int' | 'float' | 'bool' | 'duration' | 'time' | 'text' | 'any' | 'string-or-strings' | 'list' | 'map' | 'table';

export interface SchemaNode {
  type: ValueType;
  /** Element of a list or map. */
  of?: SchemaNode;
  /** Keys of a table, as the runner spells them. */
  fields?: Record<string, SchemaField>;
  /** Integer width when narrower than 64 bits (the decoder refuses values out of range). */
  bits?: number;
  unsigned?: boolean;
  /** The Go type decodes itself (UnmarshalTOML). */
  decodedBy?: string;
  /** Rules the runner checks after loading (its `jsonschema:` tags); it only logs them. */
  check?: { minimum?: number; maximum?: number; minLength?: number; maxLength?: number; enum?: string[] };
}

export interface SchemaField extends SchemaNode {
  /** The Go field behind the key. */
  go: string;
  /** First release that reads the key (`history.from` means that release or earlier). */
  since: string;
  /** First release that no longer reads it. */
  removedIn?: string;
  /** For keys whose type changed: the form each release range decodes (`list<string>`, `custom`…). */
  types?: { since: string; type: string }[];
}

interface Generated {
  runner: { version: string; tag: string; commit: string; repository: string };
  history: { from: string; releases: string[] };
  defaults: Record<string, unknown>;
  labels?: { keyPattern: string; valuePattern: string; max: number };
  schema: SchemaNode;
}

const data = generated as unknown as Generated;

/** The gitlab-runner release (and commit) the schema was generated from. */
export const SCHEMA_SOURCE = data.runner;
/** Oldest release read; a key `since` this release may be older still. */
export const SCHEMA_HISTORY_FROM = data.history.from;
export const CONFIG_SCHEMA: SchemaNode = data.schema;
/** Values the runner sets before it decodes the file (`NewConfig()`), e.g. `concurrent = 1`. */
export const CONFIG_DEFAULTS = data.defaults;
/** What the runner accepts in `labels` (common/labels.go); it refuses the file otherwise. */
export const LABEL_RULES = data.labels;

export interface FieldMatch {
  key: string;
  field: SchemaField;
}

/**
 * The field a key decodes into, as BurntSushi/toml matches it: the exact name first, then the
 * first field whose name equals it ignoring case. Keys the runner no longer reads are separate.
 */
export function fieldOf(table: SchemaNode, key: string): { current?: FieldMatch; removed?: FieldMatch } {
  const entries = Object.entries(table.fields ?? {});
  const find = (removed: boolean): FieldMatch | undefined => {
    const pool = entries.filter(([, f]) => Boolean(f.removedIn) === removed);
    const hit = pool.find(([k]) => k === key) ?? pool.find(([k]) => k.toLowerCase() === key.toLowerCase());
    return hit && { key: hit[0], field: hit[1] };
  };
  const current = find(false);
  return current ? { current } : { removed: find(true) };
}

/** A TOML table (not an array, not a date-time). */
export const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Whether a value has a form a release's decoder takes (`custom` types decode themselves: unknown). */
export function fitsForm(form: string, v: unknown): boolean {
  const list = /^list<(.+)>$/.exec(form);
  if (list) return Array.isArray(v) && v.every((x) => fitsForm(list[1]!, x));
  const map = /^map<(.+)>$/.exec(form);
  if (map) return isTable(v) && Object.values(v).every((x) => fitsForm(map[1]!, x));
  switch (form) {
    case 'string':
    case 'text':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'bigint';
    case 'bool':
      return typeof v === 'boolean';
    case 'table':
      return isTable(v);
    case 'string-or-strings':
      return typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    default:
      return true;
  }
}

/** `12.7 up to (not including) 13.0`, `13.11 and later`. */
export const rangeMessage = (r: { from: string; until?: string }): Message => (r.until ? msg('config-invalid.range.until', { from: r.from, until: r.until }) : msg('config-invalid.range.from', { from: r.from }));

/** A table's value for a key as the decoder finds it: exact name first, else ignoring case. */
export function valueOf(table: Record<string, unknown>, key: string): unknown {
  if (key in table) return table[key];
  const lower = key.toLowerCase();
  const found = Object.keys(table).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : table[found];
}

/** Keys the runner stopped reading, and what took their place. */
export const REPLACED_BY: Record<string, string | Message> = {
  pre_clone_script: '`pre_get_sources_script`',
  post_clone_script: '`post_get_sources_script`',
  terminationGracePeriodSeconds: msg('config-invalid.replaced.terminationGrace'),
  metrics_server: '`listen_address`',
  ServerAddress: msg('config-invalid.replaced.sameKeyS3'),
  AccessKey: msg('config-invalid.replaced.sameKeyS3'),
  SecretKey: msg('config-invalid.replaced.sameKeyS3'),
  BucketName: msg('config-invalid.replaced.sameKeyS3'),
  BucketLocation: msg('config-invalid.replaced.sameKeyS3'),
  Insecure: msg('config-invalid.replaced.sameKeyS3'),
};

/** Keys people add that the runner does not read, with what to do instead (FIELD-NOTES.md §2): `config-invalid.mistake.*`. */

/** Settings of the runner in GitLab (registration options), which config.toml cannot hold. */
export const GITLAB_SIDE_SETTINGS = ['tags', 'tag_list', 'tag-list', 'run_untagged', 'run-untagged', 'locked', 'access_level', 'access-level', 'maximum_timeout', 'maximum-timeout', 'protected', 'paused', 'description'];

export const KNOWN_EXECUTORS = [
  'shell', 'docker', 'docker-windows', 'docker+machine', 'docker-autoscaler', 'instance', 'kubernetes', 'custom',
  'ssh', 'parallels', 'virtualbox', 'docker-ssh', 'docker-ssh+machine',
];
export const LOG_FORMATS = ['runner', 'text', 'json'];
/** logrus.ParseLevel's names (matched ignoring case). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic'];
