import { APP_VERSION } from '../core/app/version';
import { warn } from './terminal';
import { EXIT, HELP, UsageError } from './usage';

type Command = (argv: string[]) => Promise<number>;

// Each command is loaded when it runs, so `analyze` on a small file does not pay for the
// SSH, HTTP and Kubernetes clients or the demo lab that only `collect` and `demo-lab` need.
const COMMANDS: Record<string, () => Promise<Command>> = {
  analyze: async () => (await import('./commands/analyze')).analyzeCommand,
  collect: async () => (await import('./commands/collect')).collectCommand,
  fix: async () => (await import('./commands/fix')).fixCommand,
  redact: async () => (await import('./commands/redact')).redactCommand,
  bundle: async () => (await import('./commands/bundle')).bundleCommand,
  'demo-lab': async () => (await import('./commands/demo-lab')).demoLabCommand,
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
  const load = COMMANDS[command];
  if (!load) throw new UsageError(`unknown command ${JSON.stringify(command)}; see runner-doctor --help`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const run = await load();
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
      warn(`runner-doctor: ${err instanceof Error ? err.message : String(err)}\n`);
    } else {
      warn(`runner-doctor: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exitCode = EXIT.usage;
  },
);
