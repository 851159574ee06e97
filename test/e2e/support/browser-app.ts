import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureRenderer, rendererOutDir } from '../../../build/renderer-build.mjs';
import { createAppService, type AppService, type AppServiceOptions } from '../../../electron/core/app/service';
import { createBrowserHost } from '../../../electron/core/bridge/browser-host';
import { Transfers } from '../../../electron/core/bridge/transfers';
import { startBridge, type BridgeHandle } from '../../../electron/core/bridge/ws-bridge-server';

export interface BrowserApp {
  bridge: BridgeHandle;
  service: AppService;
  /** A scratch directory for the test (downloads are saved here). */
  saveDir: string;
  /** Uploads and staged downloads, as `npm run dev:browser` has them. */
  transfers: Transfers;
  stop(): Promise<void>;
}

/** The built renderer behind the bridge with the real handlers, as `npm run dev:browser` runs it. */
export async function startBrowserApp(options: AppServiceOptions = {}): Promise<BrowserApp> {
  await ensureRenderer({ quiet: true });
  const saveDir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-save-'));
  const transfers = await Transfers.create();
  // The app's data directory (saved wizard state, approvals) is the test's own unless given: a
  // run never resumes from, nor writes into, the user's.
  const service = createAppService(createBrowserHost({ saveDir, transfers }), { configDir: path.join(saveDir, 'config'), ...options });
  const bridge = await startBridge({ handlers: service.handlers, rendererDir: rendererOutDir, transfers });
  return {
    bridge,
    service,
    saveDir,
    transfers,
    stop: async () => {
      await bridge.close();
      await service.dispose();
      await transfers.dispose();
      await rm(saveDir, { recursive: true, force: true });
    },
  };
}
