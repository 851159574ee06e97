import { readFile, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { wildcardMatch } from './patterns';
import { formatError, MessageError } from '../../../shared/i18n/text';
import { reasonMessage } from '../util/network-failure';
import { msg, type Message } from '../../../shared/messages';

/**
 * Parses OpenSSH client configuration (ssh_config(5)) into directives, resolving Include.
 * Nothing here runs a command: `Match exec` and `ProxyCommand` are kept as data only, so
 * an untrusted config cannot make us execute anything.
 */

export class SshConfigError extends MessageError {
  override name = 'SshConfigError';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: Message,
    /** The detail's English where it quotes the system's own sentence (kept for support). */
    englishDetail?: string,
  ) {
    const where = `${file}${line > 0 ? `:${line}` : ''}`;
    super(msg('sshConfig.at', { where, detail }), englishDetail === undefined ? undefined : formatError(msg('sshConfig.at', { where, detail: englishDetail })));
  }
}

interface At {
  file: string;
  line: number;
}
export interface MatchCriterion {
  name: string;
  negated: boolean;
  arg?: string;
}
export type Directive =
  | ({ type: 'host'; patterns: string[] } & At)
  | ({ type: 'match'; criteria: MatchCriterion[] } & At)
  | ({ type: 'option'; key: string; args: string[] } & At)
  | ({ type: 'include'; files: ParsedConfig[] } & At);
export interface ParsedConfig {
  path: string;
  directives: Directive[];
}

const MAX_INCLUDE_DEPTH = 16;
const MATCH_WITH_ARG = new Set(['host', 'originalhost', 'user', 'localuser', 'exec', 'localnetwork', 'tagged']);
const MATCH_NO_ARG = new Set(['all', 'canonical', 'final']);
/** Options whose values we use; they must have an argument. */
const NEEDS_ARG = new Set([
  'hostname',
  'user',
  'port',
  'identityfile',
  'identitiesonly',
  'identityagent',
  'proxyjump',
  'proxycommand',
  'userknownhostsfile',
  'globalknownhostsfile',
  'hostkeyalias',
  'connecttimeout',
  'serveraliveinterval',
  'serveralivecountmax',
]);

/** Splits arguments like OpenSSH's argv_split: quotes group, backslash escapes, `#` starts a comment. */
export function splitArgs(text: string, at: At): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length || text[i] === '#') break;
    let arg = '';
    let quote: string | null = null;
    for (; i < text.length; i++) {
      const c = text[i] as string;
      if (quote) {
        if (c === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) arg += text[++i];
        else if (c === quote) quote = null;
        else arg += c;
      } else if (/\s/.test(c)) {
        break;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '\\' && i + 1 < text.length && /[\s"'\\]/.test(text[i + 1] as string)) {
        arg += text[++i];
      } else {
        arg += c;
      }
    }
    if (quote) throw new SshConfigError(at.file, at.line, msg('sshConfig.unterminatedQuote', { quote }));
    out.push(arg);
  }
  return out;
}

function parseMatch(args: string[], at: At): MatchCriterion[] {
  if (args.length === 0) throw new SshConfigError(at.file, at.line, msg('sshConfig.matchNeedsCriterion'));
  const criteria: MatchCriterion[] = [];
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] as string;
    const negated = raw.startsWith('!');
    const name = (negated ? raw.slice(1) : raw).toLowerCase();
    if (MATCH_NO_ARG.has(name)) {
      criteria.push({ name, negated });
    } else if (MATCH_WITH_ARG.has(name)) {
      const arg = args[++i];
      if (arg === undefined) throw new SshConfigError(at.file, at.line, msg('sshConfig.matchNeedsArgument', { name }));
      criteria.push({ name, negated, arg });
    } else {
      throw new SshConfigError(at.file, at.line, msg('sshConfig.matchUnsupported', { criterion: raw }));
    }
  }
  if (criteria.some((c) => c.name === 'all') && criteria.some((c) => !MATCH_NO_ARG.has(c.name))) {
    throw new SshConfigError(at.file, at.line, msg('sshConfig.matchAllAlone'));
  }
  return criteria;
}

function checkOption(key: string, args: string[], at: At): void {
  if (NEEDS_ARG.has(key) && args.length === 0) throw new SshConfigError(at.file, at.line, msg('sshConfig.needsValue', { key }));
  if (key === 'port') {
    const port = Number(args[0]);
    if (!/^\d+$/.test(args[0] ?? '') || port < 1 || port > 65535) {
      throw new SshConfigError(at.file, at.line, msg('sshConfig.badPort', { port: String(args[0]) }));
    }
  }
}

export interface IncludeLoader {
  /** Expands one Include argument (already ~-expanded and absolute) to files, sorted. */
  glob(pattern: string): Promise<string[]>;
  read(path: string): Promise<string>;
}

export interface ParseOptions {
  home?: string;
  /** Where relative Include paths live: ~/.ssh for a user config. */
  includeBase?: string;
  loader?: IncludeLoader;
  depth?: number;
}

export async function parseSshConfigText(text: string, path: string, opts: ParseOptions = {}): Promise<ParsedConfig> {
  const home = opts.home ?? homedir();
  const directives: Directive[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const at = { file: path, line: n + 1 };
    const line = (lines[n] as string).trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([^\s=]+)(?:\s*=\s*|\s+|$)([\s\S]*)$/.exec(line);
    const rawKey = m?.[1] ?? '';
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(rawKey)) throw new SshConfigError(path, n + 1, msg('sshConfig.badKeyword', { keyword: rawKey }));
    const key = rawKey.toLowerCase();
    const args = splitArgs(m?.[2] ?? '', at);
    if (key === 'host') {
      if (args.length === 0) throw new SshConfigError(path, n + 1, msg('sshConfig.hostNeedsPattern'));
      directives.push({ type: 'host', patterns: args, ...at });
    } else if (key === 'match') {
      directives.push({ type: 'match', criteria: parseMatch(args, at), ...at });
    } else if (key === 'include') {
      if (args.length === 0) throw new SshConfigError(path, n + 1, msg('sshConfig.includeNeedsFile'));
      directives.push({ type: 'include', files: await loadIncludes(args, at, home, opts), ...at });
    } else {
      checkOption(key, args, at);
      directives.push({ type: 'option', key, args, ...at });
    }
  }
  return { path, directives };
}

async function loadIncludes(args: string[], at: At, home: string, opts: ParseOptions): Promise<ParsedConfig[]> {
  const depth = (opts.depth ?? 0) + 1;
  if (depth > MAX_INCLUDE_DEPTH) throw new SshConfigError(at.file, at.line, msg('sshConfig.includeTooDeep', { max: MAX_INCLUDE_DEPTH }));
  if (!opts.loader) return [];
  const out: ParsedConfig[] = [];
  for (const arg of args) {
    const expanded = arg.startsWith('~/') ? join(home, arg.slice(2)) : arg;
    const abs = isAbsolute(expanded) ? expanded : join(opts.includeBase ?? join(home, '.ssh'), expanded);
    for (const file of await opts.loader.glob(abs)) {
      let text: string;
      try {
        text = await opts.loader.read(file);
      } catch (err) {
        const { text, english } = reasonMessage('sshConfig.cannotReadInclude', { file }, err);
        throw new SshConfigError(at.file, at.line, text, english);
      }
      out.push(await parseSshConfigText(text, file, { ...opts, depth }));
    }
  }
  return out;
}

/** Filesystem loader: `*` and `?` in any path component, like glob(3) as OpenSSH uses it. */
export const fsIncludeLoader: IncludeLoader = {
  async glob(pattern) {
    const parts = pattern.split(/[\\/]/);
    let bases = [`${parts[0] ?? ''}/`];
    for (const part of parts.slice(1)) {
      if (!part) continue;
      const next: string[] = [];
      for (const base of bases) {
        if (!/[*?]/.test(part)) {
          next.push(join(base, part));
          continue;
        }
        const names = await readdir(base).catch(() => [] as string[]);
        for (const name of names.sort()) if (!name.startsWith('.') && wildcardMatch(name, part)) next.push(join(base, name));
      }
      bases = next;
    }
    const exists: string[] = [];
    for (const b of bases)
      if (
        await stat(b).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        exists.push(b);
    return exists;
  },
  read: (path) => readFile(path, 'utf8'),
};

export async function loadSshConfigFile(path: string, opts: { home?: string } = {}): Promise<ParsedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const { text, english } = reasonMessage('sshConfig.cannotRead', {}, err);
    throw new SshConfigError(path, 0, text, english);
  }
  const home = opts.home ?? homedir();
  // Relative Include paths are under ~/.ssh for any user config, also one given with -F.
  return parseSshConfigText(text, path, { home, includeBase: join(home, '.ssh'), loader: fsIncludeLoader });
}
