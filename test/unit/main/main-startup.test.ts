import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Starts electron/main/index.ts against a stand-in 'electron' module (no Electron binary here)
 * and checks the security-relevant wiring: order of start-up, window preferences, navigation,
 * window and permission policies.
 */
const h = vi.hoisted(() => {
  const state = {
    ready: false,
    events: [] as string[],
    opened: [] as string[],
    appListeners: new Map<string, (...args: unknown[]) => unknown>(),
    windows: [] as { options: any; url?: string }[],
    permissionRequest: undefined as undefined | ((...args: any[]) => void),
    permissionCheck: undefined as undefined | ((...args: any[]) => boolean),
    protocolHandler: undefined as undefined | ((req: Request) => Promise<Response>),
    userData: '',
    resolveReady: () => {},
  };
  const whenReady = new Promise<void>((resolve) => {
    state.resolveReady = () => {
      state.ready = true;
      state.events.push('ready');
      resolve();
    };
  });
  return { state, whenReady };
});

vi.mock('electron', () => {
  const { state, whenReady } = h;
  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    private readonly entry: { options: any; url?: string };
    constructor(options: unknown) {
      state.events.push('window');
      this.entry = { options };
      state.windows.push(this.entry);
      BrowserWindow.all.push(this);
    }
    once() {}
    on() {}
    isDestroyed = () => false;
    loadURL(url: string) {
      this.entry.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: () => true,
      on: (event: string, fn: (...args: unknown[]) => unknown) => state.appListeners.set(event, fn),
      whenReady: () => whenReady,
      getPath: () => state.userData,
      quit: vi.fn(),
      exit: vi.fn(),
    },
    shell: { openExternal: (url: string) => (state.opened.push(url), Promise.resolve()) },
    protocol: {
      registerSchemesAsPrivileged: () => state.events.push(state.ready ? 'scheme-after-ready' : 'scheme'),
      handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => (state.protocolHandler = fn),
    },
    session: {
      get defaultSession() {
        if (!state.ready) throw new Error('Session can only be received when app is ready');
        return {
          setPermissionRequestHandler: (fn: (...args: any[]) => void) => (state.permissionRequest = fn),
          setPermissionCheckHandler: (fn: (...args: any[]) => boolean) => (state.permissionCheck = fn),
        };
      },
    },
    ipcMain: { handle: () => state.events.push('ipc'), removeHandler: () => {} },
    dialog: {},
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
    },
    BrowserWindow,
  };
});

const APP = 'app://runner-doctor/index.html';

beforeAll(async () => {
  h.state.userData = await mkdtemp(path.join(tmpdir(), 'rd-main-'));
  delete process.env['ELECTRON_RENDERER_URL'];
  await import('../../../electron/main/index');
  h.state.resolveReady();
  await vi.waitFor(() => expect(h.state.windows.length).toBe(1));
});

afterAll(async () => {
  await rm(h.state.userData, { recursive: true, force: true });
});

describe('Electron main process start-up', () => {
  it('registers app:// before ready, then IPC, then opens one window', () => {
    expect(h.state.events.slice(0, 4)).toEqual(['scheme', 'ready', 'ipc', 'window']);
  });

  it('opens the window with the secure defaults on app://', () => {
    const [win] = h.state.windows;
    expect(win?.url).toBe(APP);
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(win?.options.webPreferences.preload).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('blocks navigation away from the app and every new window', () => {
    const listeners = new Map<string, (...args: any[]) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (event: string, fn: (...args: any[]) => void) => listeners.set(event, fn),
      setWindowOpenHandler: (fn: (details: { url: string }) => { action: string }) => (openHandler = fn),
    };
    h.state.appListeners.get('web-contents-created')?.({}, contents);
    const navigate = (url: string): boolean => {
      const event = { preventDefault: vi.fn() };
      listeners.get('will-navigate')?.(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('app://runner-doctor.evil/index.html')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://runner-doctor/index.html')).toBe(false);
    // No window ever opens; a finding's https reference goes to the system browser, nothing else does.
    expect(openHandler?.({ url: 'https://docs.gitlab.com/runner/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'app://runner-doctor/index.html' })).toEqual({ action: 'deny' });
    expect(h.state.opened).toEqual(['https://docs.gitlab.com/runner/']);
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')?.(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies permissions except clipboard writes from our own page', () => {
    const ask = (permission: string, url: string): boolean => {
      let granted: boolean | undefined;
      h.state.permissionRequest?.({ getURL: () => url }, permission, (g: boolean) => (granted = g));
      return granted ?? false;
    };
    expect(ask('media', APP)).toBe(false);
    expect(ask('notifications', APP)).toBe(false);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(ask('clipboard-sanitized-write', APP)).toBe(true);
    expect(h.state.permissionCheck?.({}, 'geolocation', 'app://runner-doctor')).toBe(false);
  });

  it('serves nothing outside the renderer directory on app://', async () => {
    const res = await h.state.protocolHandler!(new Request('app://runner-doctor/../../package.json'));
    expect(res.status).toBe(404);
    const other = await h.state.protocolHandler!(new Request('app://elsewhere/index.html'));
    expect(other.status).toBe(404);
  });
});
