import type { Readable } from 'node:stream';
import { SIGNATURES } from '../analyzers';
import { addLogMatch, countLogMatch, MAX_MATCHES_PER_SIGNATURE, type Facts, type LogMatch, type LogSpan } from '../facts';
import type { Automaton } from './aho-corasick';
import { byteMatcher, passBytes, type LogEnd } from './byte-pass';
import { excerptOf, lineFields, stripAnsi, timeOf } from './fields';
import { LineScanner, type ScannedLine } from './line-scanner';
import type { HintSet, LogScanMessage } from './log-scan-task';
import type { LogSignature } from './signatures';
import type { SkipFilter } from './skip-filter';

export interface Prepared {
  /** Pattern id → the signatures that own that hint. */
  owners: LogSignature[][];
  hints: string[];
  /** Hints only `countOnly` signatures own: their lines are counted, not decoded. */
  counted: Set<number>;
  /**
   * The automaton, and the skip filter (undefined when the hints are too short), for a byte
   * pass on this thread; built on first use (10-20 ms): where every log is scanned on worker
   * threads, this thread never needs them.
   */
  matcher(): { automaton: Automaton; filter: SkipFilter | undefined };
}

const prepared = new Map<string, Prepared>();

/** The automaton for a set of signatures, built once per distinct set. */
export function prepareSignatures(signatures: readonly LogSignature[]): Prepared {
  const key = signatures.map((s) => s.id).join('\n');
  const cached = prepared.get(key);
  if (cached) return cached;
  const hints: string[] = [];
  const owners: LogSignature[][] = [];
  for (const sig of signatures) {
    for (const hint of sig.hints) {
      let id = hints.indexOf(hint);
      if (id < 0) {
        id = hints.push(hint) - 1;
        owners.push([]);
      }
      if (!owners[id]!.includes(sig)) owners[id]!.push(sig);
    }
  }
  const counted = new Set(owners.flatMap((o, id) => (o.every((sig) => sig.countOnly) ? [id] : [])));
  let built: ReturnType<Prepared['matcher']> | undefined;
  const result = { owners, hints, counted, matcher: () => (built ??= byteMatcher(hints, counted)) };
  prepared.set(key, result);
  return result;
}

/** What a worker needs to run the byte pass of `p`. */
export function hintSet(p: Prepared): HintSet {
  return {
    hints: p.hints,
    counted: [...p.counted],
    withNext: p.owners.flatMap((o, id) => (o.some((sig) => sig.withNext) ? [id] : [])),
  };
}

/** Signatures that apply given what other evidence has shown. */
export function activeSignatures(facts: Facts): LogSignature[] {
  return SIGNATURES.filter((s) => !s.when || s.when(facts));
}

const LINE_PREFIX = /^(?:.*?\]:\s|\d{4}-\d\d-\d\dT\S+\s)?/;
const FIELDS_ONLY = /^\s+(?:[A-Za-z_][\w.-]*=(?:"(?:[^"\\]|\\.)*"|\S*)(?:\s+|$))+$/;

/** A text-format continuation line: indented `key=value` pairs and nothing else. */
function isFieldsOnly(text: string): boolean {
  return FIELDS_ONLY.test(text.replace(LINE_PREFIX, ' '));
}

/** `text`: the line without its ANSI colours. */
function matchLine(sig: LogSignature, file: string, line: ScannedLine, text: string): LogMatch | undefined {
  const m = sig.pattern.exec(text);
  if (!m) return undefined;
  const fields = lineFields(text);
  const groups = m.groups;
  if (groups) for (const k in groups) if (groups[k] !== undefined) fields[k] = groups[k];
  return { signature: sig.id, file, line: line.lineNo, excerpt: excerptOf(line.text), fields };
}

/** Stretches the span to include `time`. */
function widen(span: LogSpan, time: string | undefined): void {
  if (!time) return;
  if (!span.first || time < span.first) span.first = time;
  if (!span.last || time > span.last) span.last = time;
}

/**
 * Where the lines the byte pass hands over are matched against the signatures, in order, and
 * the log's span is kept: whichever thread ran the byte pass, this runs here, with the facts.
 */
export interface LogMatcher {
  onLine(line: ScannedLine): void;
  onCounted(lines: number): void;
  finish(end: LogEnd): void;
}

export function logMatcher(file: string, facts: Facts, p: Prepared, requestNextLine: () => void): LogMatcher {
  const { owners } = p;
  const span: LogSpan = { lines: 0, successes: 0 };
  facts.logSpans.set(file, span);
  const pending: { sig: LogSignature; match: LogMatch }[] = [];
  const settle = (sig: LogSignature, match: LogMatch) => {
    if (!sig.keep || sig.keep(match, facts)) addLogMatch(facts, match);
  };
  let first = true;
  const onLine = (line: ScannedLine) => {
    // The time of the first line, and of lines that match (below); not of every hinted line.
    if (first) widen(span, timeOf(line.text));
    first = false;
    // Once per line: every signature below reads the same text.
    const text = stripAnsi(line.text);
    // Fields the text format prints on the line after the message.
    if (pending.length) {
      const after = isFieldsOnly(text) ? Object.entries(lineFields(text)) : [];
      for (const { sig, match } of pending.splice(0)) {
        for (const [k, v] of after) if (!(k in match.fields)) match.fields[k] = v;
        settle(sig, match);
      }
    }
    // A signature owning several of the line's patterns is tried once; a pattern's owners are distinct.
    const tried: LogSignature[] | undefined = line.patterns.length > 1 ? [] : undefined;
    // Made only for a line that matches: most lines handed over in a busy log are only counted.
    let matched: string[] | undefined;
    let recorded: { sig: LogSignature; match: LogMatch }[] | undefined;
    for (const id of line.patterns) {
      for (const sig of owners[id] ?? []) {
        if (tried) {
          if (tried.includes(sig)) continue;
          tried.push(sig);
        }
        // A log can match a signature on every tenth line; past the cap, a match is only counted
        // (its time still stretches the span, below): no match or fields to build.
        if (!sig.keep && !sig.record && !sig.withNext && (facts.logMatches.get(sig.id)?.length ?? 0) >= MAX_MATCHES_PER_SIGNATURE) {
          if (!sig.pattern.test(text)) continue;
          (matched ??= []).push(sig.id);
          countLogMatch(facts, sig.id);
          continue;
        }
        const match = matchLine(sig, file, line, text);
        if (!match) continue;
        match.successesBefore = span.successes;
        (matched ??= []).push(sig.id);
        if (sig.record) (recorded ??= []).push({ sig, match });
        else if (sig.withNext) {
          pending.push({ sig, match });
          requestNextLine();
        } else {
          settle(sig, match);
        }
      }
    }
    if (!matched) return;
    widen(span, timeOf(line.text));
    for (const { sig, match } of recorded ?? []) sig.record!(match, facts, matched.length > 1 ? matched.filter((m) => m !== sig.id) : []);
  };
  return {
    onLine,
    onCounted: (lines) => (span.successes += lines),
    finish: ({ lines, end }) => {
      span.lines = lines;
      if (end) {
        span.end = end;
        widen(span, end.time);
      }
      for (const { sig, match } of pending.splice(0)) settle(sig, match);
    },
  };
}

/**
 * Scans a log stream line by line without loading it: one automaton pass over the bytes finds
 * the few lines that hold a hint, and only those are decoded and matched. Also records the
 * span the log covers (its line count, the times of its first line, of the lines matched and
 * of its last line) and counts its successful requests to GitLab.
 */
export async function scanLog(file: string, stream: Readable, facts: Facts, signal?: AbortSignal): Promise<void> {
  const p = prepareSignatures(activeSignatures(facts));
  const matcher = logMatcher(file, facts, p, () => scanner.requestNextLine());
  const { automaton, filter } = p.matcher();
  const scanner: LineScanner = new LineScanner(automaton, matcher.onLine, {
    counted: p.counted.size ? { ids: p.counted, onCounted: matcher.onCounted } : undefined,
    filter,
  });
  matcher.finish(await passBytes(file, stream, scanner, signal));
}

/**
 * The matching half of scanLog, over the lines a byte pass on another thread handed over
 * (log-scan-task.ts). Lines that pass handed over only because they might be wanted are
 * skipped unless this matching asked for them, so the facts come out as scanLog's.
 */
export async function replayLog(file: string, facts: Facts, p: Prepared, messages: AsyncIterable<LogScanMessage>, signal?: AbortSignal): Promise<void> {
  // The first line is always wanted, for the time the log starts.
  let wanted = true;
  let counted = 0;
  const matcher = logMatcher(file, facts, p, () => (wanted = true));
  const countTo = (total: number) => {
    if (total > counted) matcher.onCounted(total - counted);
    counted = total;
  };
  for await (const message of messages) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('Cancelled');
    if ('done' in message) {
      countTo(message.done.counted);
      matcher.finish(message.done);
      return;
    }
    const { lines } = message.batch;
    const bytes = Buffer.from(message.batch.bytes.buffer, message.batch.bytes.byteOffset, message.batch.bytes.length);
    for (let at = 0, start = 0; at < lines.length; ) {
      const lineNo = lines[at]!;
      const end = start + lines[at + 1]!;
      const countedBefore = lines[at + 2]!;
      const ids: number[] = new Array<number>(lines[at + 3]!);
      for (let k = 0; k < ids.length; k++) ids[k] = lines[at + 4 + k]!;
      at += 4 + ids.length;
      const text = start;
      start = end;
      if (!ids.length && !wanted) continue;
      countTo(countedBefore);
      wanted = false;
      // Decoded here, only the lines the matching wants.
      matcher.onLine({ lineNo, text: bytes.toString('utf8', text, end), patterns: ids });
    }
  }
  throw new Error('the log scan ended early');
}
