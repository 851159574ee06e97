import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the app keeps its own state (accepted host keys, approvals), shared by the CLI and
 * the desktop app: $XDG_CONFIG_HOME/runner-doctor, %APPDATA%\runner-doctor on Windows.
 */
export function appConfigDir(): string {
  if (process.env.RUNNER_DOCTOR_CONFIG_DIR) return process.env.RUNNER_DOCTOR_CONFIG_DIR;
  if (process.platform === 'win32' && process.env.APPDATA) return join(process.env.APPDATA, 'runner-doctor');
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'runner-doctor');
}

/** The app's own known_hosts: host keys the user accepted in Runner Doctor, never written to ~/.ssh. */
export function appKnownHostsFile(): string {
  return join(appConfigDir(), 'known_hosts');
}
