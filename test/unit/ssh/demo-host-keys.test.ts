import { utils } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { readableKeyPair } from '../../../electron/core/demo-lab/servers/ssh-host';

describe('the demo lab SSH host keys', () => {
  // ssh2's own generator makes about one pair in 256 its parser rejects: 1500 draws meet one almost surely.
  it('are always pairs ssh2 reads back, so the lab never fails to start on a malformed key', () => {
    const unreadable: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const pair = readableKeyPair('runner-doctor-demo');
      for (const key of [pair.public, pair.private]) if (utils.parseKey(key) instanceof Error) unreadable.push(key);
    }
    expect(unreadable).toEqual([]);
  });
});
