import { cliText } from './language';

/** One block per command, in the order --help lists them. */
const COMMANDS = ['help.analyze', 'help.collect', 'help.fix', 'help.redact', 'help.bundleVerify', 'help.bundleRedact', 'help.demoLab'] as const;

/** `--help`: every command, its flags, the language choice and the exit codes, in the language of the text output. */
export function helpText(): string {
  const text = cliText();
  return [text('help.title'), '', text('help.usage'), ...COMMANDS.map((k) => text(k)), '', text('help.lang'), '', text('help.exit'), ''].join('\n');
}
