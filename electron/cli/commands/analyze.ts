import { parseArgs } from 'node:util';
import { stat } from 'node:fs/promises';
import { buildChains } from '../../../shared/chains';
import { sortFindings, type Finding } from '../../../shared/findings';
import { analyzePaths, bundleSession } from '../../core/app/pipeline';
import { errorMessage } from '../../core/util/abort';
import { formatFindings, redactStrings, worstExitCode } from '../output';
import { say, sayFormatted, sayJson, warn } from '../terminal';
import { UsageError } from '../usage';
import { argsError } from '../args-error';
import { cliLanguage, cliText, errorInLanguage, problemsInLanguage, textInLanguage } from '../language';
import type { AnalysisProblem } from '../../core/diagnosis/facts';
import { errorText, type Message } from '../../../shared/messages';
import type { Language } from '../../../shared/i18n/languages';

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
    throw argsError(err);
  }
  const { values, positionals } = parsed;
  const lang = cliLanguage();
  const text = cliText(lang);
  if (positionals.length === 0) throw new UsageError(text('analyze.needsPath'));
  for (const p of positionals) {
    await stat(p).catch(() => {
      throw new UsageError(text('args.noSuchPath', { path: p }));
    });
  }
  const bundles = positionals.filter((p) => p.toLowerCase().endsWith('.zip'));
  const others = positionals.filter((p) => !p.toLowerCase().endsWith('.zip'));
  const findings: Finding[] = [];
  const unrecognized: string[] = [];
  const problems: AnalysisProblem[] = [];
  const unverified: { path: string; check: { problems: string[]; problemTexts?: Message[] } }[] = [];
  for (const path of bundles) {
    const session = await bundleSession(path).catch((err: unknown) => {
      throw new UsageError(errorInLanguage(err));
    });
    // The zip reader loads only when a bundle is given.
    const { verifyBundle } = await import('../../core/evidence/bundle/verify-bundle');
    const check = await verifyBundle(path).catch((err: unknown) => {
      const text = errorText(err);
      return { ok: false, problems: [errorMessage(err)], ...(text ? { problemTexts: [text] } : {}) };
    });
    if (!check.ok) unverified.push({ path, check });
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
  // A bundle that does not verify: said on stderr in the chosen language, in the JSON in English.
  const warningsIn = (l: Language) =>
    unverified.map(({ path, check }) => {
      const found = problemsInLanguage(check, l);
      return cliText(l)('analyze.doesNotVerify', { path, count: found.length, problems: `${found.slice(0, 3).join('; ')}${found.length > 3 ? '; …' : ''}` });
    });
  const raw = { findings: sorted, chains: buildChains(sorted), unrecognized, problems, warnings: warningsIn('en') };
  const redact = <T>(value: T): T => (values['no-redact'] ? value : redactStrings(value));
  const doc = redact(raw);
  for (const w of redact(warningsIn(lang))) warn(`runner-doctor: ${text('warning', { message: w })}\n`);
  if (values.json) {
    sayJson(doc);
  } else {
    sayFormatted(formatFindings(doc.findings, doc.chains, lang));
    if (doc.unrecognized.length) say(`${text('analyze.unrecognized', { count: doc.unrecognized.length, files: doc.unrecognized.join(', ') })}\n`);
    for (const p of doc.problems) say(`${text('analyze.couldNotAnalyze', { file: p.file, message: textInLanguage(p.message, p.text, lang) })}\n`);
  }
  return worstExitCode(doc.findings);
}
