/**
 * A byte-level Aho-Corasick automaton: finds every occurrence of many literal patterns in one
 * pass, whatever their number or case. The hot loop in line-scanner.ts walks its table once
 * per byte, which keeps log scanning near grep's speed (a RegExp alternation of the same
 * literals slows down with every pattern added).
 */
export interface Automaton {
  /**
   * Transitions: `table[state + classOf[byte]]` is the next state, pre-multiplied by
   * `classCount`. A negative entry (`~next`) marks a transition worth looking at: the next
   * state ends a pattern, or the byte is a newline (which always leads back to the root).
   */
  readonly table: Int32Array;
  readonly classOf: Uint8Array;
  readonly classCount: number;
  /** Pattern ids ending in each state, indexed by pre-multiplied state / classCount. */
  readonly outputs: readonly (readonly number[] | undefined)[];
}

const NEWLINE = 10;

export function buildAutomaton(patterns: readonly string[]): Automaton {
  const encoded = patterns.map((p) => Buffer.from(p, 'utf8'));
  const classOf = new Uint8Array(256);
  classOf[NEWLINE] = 1;
  let classCount = 2; // 0: a byte no pattern uses, 1: newline
  for (const bytes of encoded) {
    if (bytes.length === 0) throw new Error('empty pattern');
    for (const b of bytes) {
      if (b === NEWLINE) throw new Error(`pattern spans lines: ${JSON.stringify(patterns)}`);
      if (classOf[b] === 0) {
        if (classCount === 256) throw new Error('too many distinct pattern bytes');
        classOf[b] = classCount++;
      }
    }
  }

  // Trie over byte classes.
  const goto: Map<number, number>[] = [new Map()];
  const outputs: number[][] = [[]];
  encoded.forEach((bytes, id) => {
    let s = 0;
    for (const b of bytes) {
      const c = classOf[b]!;
      let next = goto[s]!.get(c);
      if (next === undefined) {
        next = goto.length;
        goto.push(new Map());
        outputs.push([]);
        goto[s]!.set(c, next);
      }
      s = next;
    }
    outputs[s]!.push(id);
  });

  // Breadth-first: failure links folded into a full transition table.
  const n = goto.length;
  const delta = new Int32Array(n * classCount);
  const fail = new Int32Array(n);
  const queue: number[] = [];
  for (let c = 0; c < classCount; c++) {
    const next = goto[0]!.get(c);
    if (next !== undefined) {
      delta[c] = next;
      queue.push(next);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    const f = fail[s]!;
    if (outputs[f]!.length) outputs[s] = [...outputs[s]!, ...outputs[f]!];
    for (let c = 0; c < classCount; c++) {
      const next = goto[s]!.get(c);
      if (next !== undefined) {
        fail[next] = delta[f * classCount + c]!;
        delta[s * classCount + c] = next;
        queue.push(next);
      } else {
        delta[s * classCount + c] = delta[f * classCount + c]!;
      }
    }
  }

  const table = new Int32Array(n * classCount);
  for (let i = 0; i < table.length; i++) {
    const next = delta[i]!;
    const marked = i % classCount === 1 || outputs[next]!.length > 0;
    table[i] = marked ? ~(next * classCount) : next * classCount;
  }
  return { table, classOf, classCount, outputs: outputs.map((o) => (o.length ? o : undefined)) };
}
