import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Serious and critical axe-core violations (or all, with allImpacts) on the page as it is now, one line each
 * ("label-content-name-mismatch: 3 × button.link-button"). Injected through the DevTools
 * protocol, which the page's CSP does not govern, so the app's own CSP stays as shipped.
 */
export async function axeViolations(page: Page, opts: { allImpacts?: boolean } = {}): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (allImpacts) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => allImpacts || v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
  }, opts.allImpacts ?? false);
}
