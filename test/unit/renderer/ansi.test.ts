import { describe, expect, it } from 'vitest';
import { parseAnsi, stripAnsi } from '../../../renderer/src/viewer/ansi';

describe('ANSI colours in log lines', () => {
  it('turns the runner\'s coloured WARNING into a yellow span and resets after it', () => {
    const line = '\x1b[0;33mWARNING: Job failed\x1b[0;m rest';
    expect(parseAnsi(line)).toEqual([{ text: 'WARNING: Job failed', fg: 33 }, { text: ' rest' }]);
    expect(stripAnsi(line)).toBe('WARNING: Job failed rest');
  });

  it('keeps bold and bright colours, drops other codes, leaves plain lines alone', () => {
    expect(parseAnsi('\x1b[1;91mERROR\x1b[22m x\x1b[39m y')).toEqual([
      { text: 'ERROR', fg: 91, bold: true },
      { text: ' x', fg: 91 },
      { text: ' y' },
    ]);
    expect(parseAnsi('\x1b[44mblue background')).toEqual([{ text: 'blue background' }]);
    expect(parseAnsi('plain')).toEqual([{ text: 'plain' }]);
  });
});
