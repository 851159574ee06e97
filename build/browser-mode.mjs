// `npm run dev:browser`: the app's UI in your browser, talking to the real main-side handlers
// over a token-protected loopback WebSocket. Useful where no Electron binary is installed.
// "Open a bundle…" uses the browser's file picker and "Save bundle…" a browser download.
import { pathToFileURL } from 'node:url';
import { buildBrowserHost } from './browser-mode-build.mjs';
import { ensureRenderer, rendererOutDir } from './renderer-build.mjs';

function die(message) {
  console.error(`runner-doctor: ${message}`);
  process.exit(1);
}

await ensureRenderer().catch(() => die('the renderer did not build (see above).'));
const outfile = await buildBrowserHost().catch(() => die('the browser bridge did not build (see above).'));

const { runBrowserMode } = await import(pathToFileURL(outfile).href);
const bridge = await runBrowserMode({ rendererDir: rendererOutDir });
console.log(`runner-doctor: browser mode on ${bridge.url}`);
console.log("Open that URL (it carries this run's access token). Ctrl-C stops.");
