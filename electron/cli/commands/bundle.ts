import { verifyBundle } from '../../core/evidence/bundle/verify-bundle';
import { errorMessage } from '../../core/util/abort';
import { UsageError } from '../usage';

/** `bundle verify FILE.zip`: exit 0 when intact, 1 with one line per problem otherwise. */
export async function bundleCommand(argv: string[]): Promise<number> {
  const [sub, file, ...rest] = argv;
  if (sub !== 'verify') throw new UsageError(`unknown bundle command ${sub ? JSON.stringify(sub) : ''}; use: bundle verify FILE.zip`.replace('  ', ' '));
  if (!file || rest.length) throw new UsageError('bundle verify takes one FILE.zip');
  const result = await verifyBundle(file).catch((err: unknown) => {
    throw new UsageError(errorMessage(err));
  });
  if (result.ok) {
    process.stdout.write(`${file}: OK (${result.format}, ${result.checked} files verified)\n`);
    return 0;
  }
  process.stdout.write(`${file}: FAILED (${result.problems.length} problems)\n${result.problems.map((p) => `  ${p}\n`).join('')}`);
  return 1;
}
