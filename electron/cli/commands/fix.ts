import { UsageError } from '../usage';

/** Fixes are planned and applied by a later release; until then say so plainly. */
export async function fixCommand(argv: string[]): Promise<number> {
  if (!argv[0]) throw new UsageError('fix needs a FINDING_ID');
  process.stderr.write(`runner-doctor: fix ${argv[0]}: not implemented yet; the finding's fixes describe what to do by hand.\n`);
  return 2;
}
