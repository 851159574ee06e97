import { parseArgs } from 'node:util';
import { stat } from 'node:fs/promises';
import { buildChains } from '../../../shared/chains';
import { sortFindings, type Finding } from '../../../shared/findings';
import { analyzePaths, bundleSession } from '../../core/app/pipeline';
import { errorMessage } from '../../core/util/abort';
import { formatFindings, redactStrings, worstExitCode } from '../output';
import { say, sayFormatted, sayJson, warn } from '../terminal';
import { UsageError } from '../usage';
import { cliLanguage } from '../language';
import { textFor } from '../../../shared/i18n/text';

/**
 * `analyze PATH...`: findings from files, folders and bundles. What it prints is redacted by
 * default (people paste it into tickets), `--no-redact` to see raw excerpts. A bundle that
 * does not verify is analysed with a warning: its content may have been altered.
 */
export async function analyzeCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { json: { type: 'boolean' }, 'no-redact': { type: 'boolean' } }, allowPositionals: true });
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
  const { values, positionals } = parsed;
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
  const warnings: string[] = [];
  for (const path of bundles) {
    const session = await bundleSession(path).catch((err: unknown) => {
      throw new UsageError(errorMessage(err));
    });
    // The zip reader loads only when a bundle is given.
    const { verifyBundle } = await import('../../core/evidence/bundle/verify-bundle');
    const check = await verifyBundle(path).catch((err: unknown) => ({ ok: false, problems: [errorMessage(err)] }));
    if (!check.ok) {
      warnings.push(`${path} does not verify (${check.problems.length} problems: ${check.problems.slice(0, 3).join('; ')}${check.problems.length > 3 ? '; …' : ''}): its content may have been altered since it was made`);
    }
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
  const raw = { findings: sorted, chains: buildChains(sorted), unrecognized, problems, warnings };
  const doc = values['no-redact'] ? raw : redactStrings(raw);
  for (const w of doc.warnings) warn(`runner-doctor: warning: ${w}\n`);
  if (values.json) {
    sayJson(doc);
  } else {
    const lang = cliLanguage();
    const text = textFor(lang);
    sayFormatted(formatFindings(doc.findings, doc.chains, lang));
    if (doc.unrecognized.length) say(`${text('cli.unrecognized', { count: doc.unrecognized.length, files: doc.unrecognized.join(', ') })}\n`);
    for (const p of doc.problems) say(`${text('cli.couldNotAnalyze', { file: p.file, message: p.message })}\n`);
  }
  return worstExitCode(doc.findings);
}
