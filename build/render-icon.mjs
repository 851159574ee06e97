// Renders resources/icon.svg to resources/icon.png (1024×1024) with Chromium, from which
// electron-builder derives the .ico and .icns. Run after changing the SVG: node build/render-icon.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const svg = readFileSync(`${root}resources/icon.svg`, 'utf8');
const browser = await chromium.launch({ executablePath: process.env['RUNNER_DOCTOR_CHROMIUM'] ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="1024" height="1024" ')}</body></html>`);
  await page.screenshot({ path: `${root}resources/icon.png`, omitBackground: true });
} finally {
  await browser.close();
}
