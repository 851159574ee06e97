import { createAppService } from '../app/service';
import { createBrowserHost } from './browser-host';
import { Transfers } from './transfers';
import { startBridge, type BridgeHandle } from './ws-bridge-server';

export interface BrowserModeOptions {
  rendererDir: string;
}

/** `npm run dev:browser`: the real handlers behind the loopback bridge, until Ctrl-C. */
export async function runBrowserMode(options: BrowserModeOptions): Promise<BridgeHandle> {
  // Open and save go through the page: its file picker uploads, "Save bundle…" downloads.
  const transfers = await Transfers.create();
  const service = createAppService(createBrowserHost({ transfers }));
  const bridge = await startBridge({ handlers: service.handlers, rendererDir: options.rendererDir, transfers });
  // Stop the demo lab and running collections too, not only the bridge.
  const stop = (): void => {
    void Promise.allSettled([bridge.close(), service.dispose(), transfers.dispose()]).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return bridge;
}
