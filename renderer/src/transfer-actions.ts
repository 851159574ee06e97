import i18next from 'i18next';
import { bridgeToken } from './api';
import { showError } from './store';

/**
 * Browser mode's "Open a bundle…": the file the user picked streams to the main side over the
 * bridge (POST /upload with this run's token), which answers an id for bundle.open.
 */
export async function uploadBundle(file: File): Promise<string | undefined> {
  const token = bridgeToken(window.location);
  if (!token) return undefined;
  try {
    const res = await fetch('/upload', { method: 'POST', headers: { 'X-Runner-Doctor-Token': token, 'Content-Type': 'application/zip' }, body: file });
    if (!res.ok) throw new Error(`${res.status} ${(await res.text()).slice(0, 200)}`);
    const { id } = (await res.json()) as { id?: unknown };
    if (typeof id !== 'string') throw new Error('no upload id');
    return id;
  } catch (err) {
    showError({ code: 'unreachable', message: i18next.t('welcome.uploadFailed', { reason: err instanceof Error ? err.message : String(err) }) });
    return undefined;
  }
}

/** Browser mode's "Save bundle…": the browser downloads the bundle the main side staged. */
export function download(url: string, name: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

/** The name a staged bundle is downloaded under: its file name without the staging prefix. */
export function downloadName(stagedPath: string): string {
  return (stagedPath.split(/[\\/]/).pop() ?? stagedPath).replace(/^download-[0-9a-f]+-/, '');
}
