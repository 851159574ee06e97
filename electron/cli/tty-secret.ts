import type { AskSecret } from '../core/ssh/auth';
import { warn } from './terminal';
import { cliText } from './language';

/**
 * Asks for a key passphrase or password at the terminal without echoing it. Only when stdin
 * is a terminal; scripts get no prompt (the host then fails with a clear auth error).
 */
export function ttyAskSecret(): AskSecret | undefined {
  const stdin = process.stdin;
  if (!stdin.isTTY) return undefined;
  return (req) =>
    new Promise((resolve) => {
      const text = cliText();
      const what = req.kind === 'passphrase' ? text('secret.passphrase', { path: req.keyPath ?? '' }) : text('secret.password', { where: req.where });
      warn(`${req.retry ? text('secret.retry') : ''}${what.trim()}: `);
      stdin.setRawMode(true);
      stdin.resume();
      let secret = '';
      const done = (value: string | undefined) => {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.removeListener('data', onData);
        warn('\n');
        resolve(value);
      };
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done(secret);
          if (ch === '\u0003' || ch === '\u001b') return done(undefined);
          if (ch === '\u007f' || ch === '\b') secret = secret.slice(0, -1);
          else secret += ch;
        }
      };
      stdin.on('data', onData);
    });
}
