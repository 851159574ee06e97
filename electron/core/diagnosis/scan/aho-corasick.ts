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

  // Trie over byte classes, in a flat table (-1: no edge); at most one state per pattern byte.
  const maxStates = 1 + encoded.reduce((sum, bytes) => sum + bytes.length, 0);
  const delta = new Int32Array(maxStates * classCount).fill(-1);
  const outputs: (number[] | undefined)[] = [undefined];
  let n = 1;
  encoded.forEach((bytes, id) => {
    let s = 0;
    for (const b of bytes) {
      const at = s * classCount + classOf[b]!;
      if (delta[at] === -1) {
        delta[at] = n++;
        outputs.push(undefined);
      }
      s = delta[at]!;
    }
    (outputs[s] ??= []).push(id);
  });

  // Breadth-first: failure links folded into a full transition table, where a transition is
  // marked (`~next`) when it leads to a state that ends a pattern or reads a newline. A state's
  // failure link is shallower than itself, so its row is complete when it is read.
  const fail = new Int32Array(n);
  const queue = new Int32Array(n);
  const table = new Int32Array(n * classCount);
  let tail = 0;
  for (let c = 0; c < classCount; c++) {
    const next = Math.max(0, delta[c]!);
    delta[c] = next;
    if (next !== 0) queue[tail++] = next;
    table[c] = c === 1 || outputs[next] ? ~(next * classCount) : next * classCount;
  }
  for (let head = 0; head < tail; head++) {
    const s = queue[head]!;
    const f = fail[s]!;
    for (let c = 0, at = s * classCount, from = f * classCount; c < classCount; c++, at++, from++) {
      let next = delta[at]!;
      if (next === -1) {
        next = delta[at] = delta[from]!;
      } else {
        const nextFail = (fail[next] = delta[from]!);
        queue[tail++] = next;
        // The failure link's outputs are complete: it was found while reading a shallower state.
        const inherited = outputs[nextFail];
        if (inherited) outputs[next] = [...(outputs[next] ?? []), ...inherited];
      }
      table[at] = c === 1 || outputs[next] ? ~(next * classCount) : next * classCount;
    }
  }
  return { table, classOf, classCount, outputs: outputs.slice(0, n) };
}
