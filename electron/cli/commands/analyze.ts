import { parseArgs } from 'node:util';
import { stat } from 'node:fs/promises';
import { buildChains } from '../../../shared/chains';
import { sortFindings, type Finding } from '../../../shared/findings';
import { analyzePaths, bundleSession } from '../../core/app/pipeline';
import { errorMessage } from '../../core/util/abort';
import { formatFindings, worstExitCode } from '../output';
import { UsageError } from '../usage';

export async function analyzeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('analyze needs at least one PATH (a folder, a file or a bundle .zip)');
  for (const p of positionals) {
    await stat(p).catch(() => {
      throw new UsageError(`${p}: no such file or folder`);
    });
  }
  const bundles = positionals.filter((p) => p.toLowerCase().endsWith('.zip'));
  const others = positionals.filter((p) => !p.toLowerCase().endsWith('.zip'));
  const findings: Finding[] = [];
  const unrecognized: string[] = [];
  const problems: { file: string; message: string }[] = [];
  for (const path of bundles) {
    const session = await bundleSession(path).catch((err: unknown) => {
      throw new UsageError(errorMessage(err));
    });
    findings.push(...session.analysis.findings);
    unrecognized.push(...session.analysis.unrecognized);
    problems.push(...session.analysis.problems);
    await session.dispose();
  }
  if (others.length) {
    const analysis = await analyzePaths(others);
    findings.push(...analysis.findings);
    unrecognized.push(...analysis.unrecognized);
    problems.push(...analysis.problems);
  }
  const sorted = sortFindings(findings);
  const chains = buildChains(sorted);
  if (values.json) {
    process.stdout.write(JSON.stringify({ findings: sorted, chains, unrecognized, problems }, null, 2) + '\n');
  } else {
    process.stdout.write(formatFindings(sorted, chains));
    if (unrecognized.length) process.stdout.write(`Not recognised (${unrecognized.length}): ${unrecognized.join(', ')}\n`);
    for (const p of problems) process.stdout.write(`Could not analyze ${p.file}: ${p.message}\n`);
  }
  return worstExitCode(sorted);
}
