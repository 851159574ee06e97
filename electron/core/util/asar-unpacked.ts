/**
 * A packaged app's code lives in `resources/app.asar`, an archive Electron's own `fs` reads but
 * Node's loaders for worker_threads do not. Files matched by `asarUnpack` in
 * build/electron-builder.yml are also written to `resources/app.asar.unpacked`, at the same
 * relative path: this is that path for a file inside the archive (others come back as given).
 */
export function unpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
}
