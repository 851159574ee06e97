import { existsSync } from 'node:fs';
import { it } from 'vitest';

/**
 * For a suite that needs a program of the machine (kubectl, chromium…). Call inside a
 * describe: returns true when the suite may run. Otherwise it registers a failing test in CI
 * (CI=true), where the tool must be there, or a loud skip on a developer machine.
 */
export function requireTool(name: string, path: string): boolean {
  if (existsSync(path)) return true;
  const reason = `${name} is not installed at ${path}`;
  if (process.env.CI === 'true') {
    it(`has ${name}`, () => {
      throw new Error(`${reason}; CI must provide it`);
    });
  } else {
    console.warn(`\n${'!'.repeat(72)}\nSKIPPED: ${reason}\n${'!'.repeat(72)}\n`);
    it.skip(`skipped: ${reason}`, () => {});
  }
  return false;
}
