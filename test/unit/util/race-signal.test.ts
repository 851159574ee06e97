import { describe, expect, it } from 'vitest';
import { raceSignal } from '../../../electron/core/util/abort';

describe('raceSignal', () => {
  it('settles with the work when the signal stays quiet', async () => {
    expect(await raceSignal(Promise.resolve(7), new AbortController().signal)).toBe(7);
    await expect(raceSignal(Promise.reject(new Error('boom')), new AbortController().signal)).rejects.toThrow('boom');
  });

  it("rejects with the signal's reason at once, and hands a late value over to be released", async () => {
    const ac = new AbortController();
    let finish!: (v: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const late: string[] = [];
    const raced = raceSignal(work, ac.signal, (v) => late.push(v));
    ac.abort(new DOMException('gone', 'AbortError'));
    await expect(raced).rejects.toMatchObject({ name: 'AbortError' });
    finish('socket');
    await work;
    await Promise.resolve();
    expect(late).toEqual(['socket']);
  });

  it('an already aborted signal rejects before the work ends', async () => {
    const ac = new AbortController();
    ac.abort(new DOMException('timed out', 'TimeoutError'));
    await expect(raceSignal(new Promise(() => undefined), ac.signal)).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
