// Analysis only: collecting lives in collect-session.ts so reading a file never loads the
// SSH, HTTP and Kubernetes clients.
import { analyze } from '../diagnosis/analyze';
import { folderReader } from '../evidence/folder-reader';
import { newSessionId, type Session } from './session';

/** Opens a bundle for offline analysis: the same findings the customer saw. */
export async function bundleSession(path: string): Promise<Session> {
  // The zip reader loads only when a bundle is opened.
  const { openBundle } = await import('../evidence/bundle/read-bundle');
  const bundle = await openBundle(path);
  try {
    const analysis = await analyze(bundle.reader);
    return {
      id: newSessionId(),
      origin: 'bundle',
      reader: bundle.reader,
      analysis,
      files: bundle.manifest.files,
      errors: bundle.manifest.errors,
      notes: bundle.manifest.notes ?? [],
      sources: bundle.manifest.sources,
      redactionSummary: bundle.manifest.redactionSummary ?? {},
      bundlePath: path,
      manifest: bundle.manifest,
      dispose: async () => bundle.zip.close(),
    };
  } catch (err) {
    bundle.zip.close();
    throw err;
  }
}

/** Analyzes files and folders a user already has (no store, no redaction needed to read them). */
export async function analyzePaths(paths: string[]) {
  const reader = await folderReader(paths, 'files', { unpack: true });
  const analysis = await analyze(reader);
  return { ...analysis, problems: [...reader.skipped.map((s) => ({ file: s.path, message: s.reason, text: s.text })), ...analysis.problems] };
}
