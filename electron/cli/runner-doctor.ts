import { APP_VERSION } from '../core/app/version';
import { say } from './terminal';
import { reportFailure } from './failure';
import { EXIT, UsageError } from './usage';
import { helpText } from './help';
import { cliText, takeLanguageOption } from './language';
import { builtLogScanWorker, useLogScanWorkers } from '../core/diagnosis/scan/log-scan-module';

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
  // --lang anywhere, also before the command or beside --help.
  const [command, ...rest] = takeLanguageOption(argv);
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    say(helpText());
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === '--version' || command === '-V') {
    say(`runner-doctor ${APP_VERSION}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[command];
  if (!load) throw new UsageError(cliText()('unknownCommand', { command: JSON.stringify(command) }));
  if (rest.includes('--help') || rest.includes('-h')) {
    say(helpText());
    return EXIT.ok;
  }
  const run = await load();
  return run(rest);
}

// The built CLI ships the log scan's worker beside this file (build/build-cli.mjs).
useLogScanWorkers(builtLogScanWorker(import.meta.url));

const commandName = Object.hasOwn(COMMANDS, process.argv[2] ?? '') ? process.argv[2] : undefined;
let outputFailed = false;
// Output that cannot be written is a failure like any other (one line on stderr, exit 2), not
// an unhandled stream error with a stack; a reader that stopped reading (`| head`) is no failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit();
  if (outputFailed) return;
  outputFailed = true;
  process.exitCode = reportFailure(err, commandName);
});

main(process.argv.slice(2)).then(
  (code) => {
    if (!outputFailed) process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportFailure(err, commandName);
  },
);
