import { createAppService } from '../app/service';
import { createBrowserHost } from './browser-host';
import { startBridge, type BridgeHandle } from './ws-bridge-server';

export interface BrowserModeOptions {
  rendererDir: string;
  saveDir?: string;
  openPath?: string;
}

/** `npm run dev:browser`: the real handlers behind the loopback bridge, until Ctrl-C. */
export async function runBrowserMode(options: BrowserModeOptions): Promise<BridgeHandle> {
  const host = createBrowserHost({ saveDir: options.saveDir, openPath: options.openPath });
  const service = createAppService(host);
  const bridge = await startBridge({ handlers: service.handlers, rendererDir: options.rendererDir });
  // Stop the demo lab and running collections too, not only the bridge.
  const stop = (): void => {
    void Promise.allSettled([bridge.close(), service.dispose()]).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return bridge;
}
