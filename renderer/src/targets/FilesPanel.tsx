import { setTargets, useTargets } from '../targets-store';

/** Logs and configs the user already has on this computer. */
export function FilesPanel() {
  const files = useTargets((s) => s.files);
  return (
    <section className="panel" aria-labelledby="files-title">
      <h3 id="files-title">Files</h3>
      <div className="field">
        <label htmlFor="file-paths">Log files, config.toml files or folders on this computer, one per line</label>
        <textarea id="file-paths" rows={3} spellCheck={false} value={files} onChange={(e) => setTargets({ files: e.target.value })} />
      </div>
    </section>
  );
}
