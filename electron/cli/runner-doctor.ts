import { APP_VERSION } from '../core/app/version';
import { analyzeCommand } from './commands/analyze';
import { bundleCommand } from './commands/bundle';
import { collectCommand } from './commands/collect';
import { demoLabCommand } from './commands/demo-lab';
import { fixCommand } from './commands/fix';
import { redactCommand } from './commands/redact';
import { EXIT, HELP, UsageError } from './usage';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  analyze: analyzeCommand,
  collect: collectCommand,
  fix: fixCommand,
  redact: redactCommand,
  bundle: bundleCommand,
  'demo-lab': demoLabCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`runner-doctor ${APP_VERSION}\n`);
    return EXIT.ok;
  }
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command ${JSON.stringify(command)}; see runner-doctor --help`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Input and usage mistakes get one line; anything else is a bug worth a stack trace.
    const known = err instanceof UsageError || (err instanceof Error && ['KubeconfigError', 'BundleError'].includes(err.name));
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (known || code === 'ENOENT' || code === 'EACCES' || code === 'EPIPE') {
      process.stderr.write(`runner-doctor: ${err instanceof Error ? err.message : String(err)}\n`);
    } else {
      process.stderr.write(`runner-doctor: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exitCode = EXIT.usage;
  },
);
