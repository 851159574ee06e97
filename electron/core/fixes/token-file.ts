import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { FixInputError } from './fix-definition';
import { msg, type Message } from '../../../shared/messages';

/**
 * Where a rotated runner token is kept before anything else happens: GitLab invalidates the
 * old token at the reset and shows the new one once, so losing it means resetting again.
 */
export interface TokenStore {
  /** For messages: the file's path (never the token). */
  label: string;
  /** `label` as a message id (catalog `fixes`) where it is words, not a path. */
  labelText?: Message;
  /** The token saved by an earlier, interrupted rotation (resume), or one the user created, if any. */
  saved(): string | undefined;
  /** The file holds a token the user created in GitLab (not one an interrupted fix saved). */
  given?: boolean;
  /** Writes and flushes the new token; throws if it could not be kept. */
  save(token: string): Promise<void>;
  /** How to resume after a failure past the reset, in words; default: the CLI's --resume. */
  resumeHow?: Message;
  /** The file's mode, when the token is kept in a file (for messages). */
  fileMode?: string;
  /** What becomes of the kept token once the runner is healthy, in words; default: delete the token file. */
  afterwards?: Message;
}

async function readExisting(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new FixInputError(msg('fix.tokenFile.notAFile', { path }));
    const fh = await open(path, constants.O_RDONLY);
    try {
      return (await fh.readFile('utf8')).trim();
    } finally {
      await fh.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Opens the token file a rotation writes to (mode 0600). Without `resume` the file must not
 * exist or be empty, so a token saved by an earlier rotation is never overwritten; with
 * `resume` it must hold that token, which the fix then uses instead of resetting again.
 */
export async function openTokenFile(path: string, resume: boolean): Promise<TokenStore> {
  const existing = await readExisting(path);
  if (resume && !existing) throw new FixInputError(msg(existing === undefined ? 'fix.tokenFile.resumeMissing' : 'fix.tokenFile.resumeEmpty', { path }));
  if (!resume && existing) throw new FixInputError(msg('fix.tokenFile.holdsToken', { path }));
  let saved = resume ? existing : undefined;
  return {
    label: path,
    fileMode: '0600',
    saved: () => saved,
    async save(token: string) {
      const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
      try {
        await fh.chmod(0o600);
        await fh.writeFile(`${token}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      saved = token;
    },
  };
}

/**
 * A runner authentication token the user created in GitLab and put in a file (never on the
 * command line): a fix uses it instead of creating a runner. Only glrt- tokens are accepted.
 */
export async function openGivenTokenFile(path: string, isRunnerToken: (token: string) => boolean): Promise<TokenStore> {
  const token = await readExisting(path);
  if (!token) throw new FixInputError(msg(token === undefined ? 'fix.tokenFile.givenMissing' : 'fix.tokenFile.givenEmpty', { path }));
  if (!isRunnerToken(token)) throw new FixInputError(msg('fix.tokenFile.notRunnerToken', { path }));
  return {
    label: path,
    given: true,
    saved: () => token,
    save: () => Promise.reject(new FixInputError(msg('fix.tokenFile.notOverwritten', { path }))),
  };
}
