import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * What each entry point loads before it does anything: the modules reachable through static
 * imports (dynamic imports load on demand). Heavy clients and the demo lab must stay out.
 */
async function staticGraph(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    external: ['electron'],
    write: false,
    metafile: true,
    outdir: 'out/startup-graph',
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length) {
    for (const imp of inputs[queue.shift()!]?.imports ?? []) {
      if (imp.kind === 'dynamic-import' || seen.has(imp.path)) continue;
      seen.add(imp.path);
      queue.push(imp.path);
    }
  }
  return seen;
}

const HEAVY = ['ssh2', 'undici', '@kubernetes/client-node', 'reflect-metadata', '@peculiar/x509', 'ws'];
const loadsDemoLab = (graph: Set<string>) => [...graph].filter((p) => p.startsWith('electron/core/demo-lab/'));

describe('start-up imports', () => {
  it('the CLI entry loads no command until it runs', async () => {
    const graph = await staticGraph('electron/cli/runner-doctor.ts');
    expect([...graph].filter((p) => p.startsWith('electron/cli/commands/'))).toEqual([]);
    expect(HEAVY.filter((p) => graph.has(p))).toEqual([]);
  });

  it('analyze loads no SSH, HTTP or Kubernetes client, no zip reader and no demo lab', async () => {
    const graph = await staticGraph('electron/cli/commands/analyze.ts');
    expect([...HEAVY, 'yauzl', '@zip.js/zip.js', 'tinypool'].filter((p) => graph.has(p))).toEqual([]);
    expect(loadsDemoLab(graph)).toEqual([]);
  });

  it('collect loads no client and no demo lab until a source or --demo asks for one', async () => {
    const graph = await staticGraph('electron/cli/commands/collect.ts');
    expect(HEAVY.filter((p) => graph.has(p))).toEqual([]);
    expect(loadsDemoLab(graph)).toEqual([]);
  });

  it('the app main process does not load the demo lab or its certificate polyfill at start-up', async () => {
    const graph = await staticGraph('electron/main/index.ts');
    expect(loadsDemoLab(graph)).toEqual([]);
    expect(graph.has('reflect-metadata')).toBe(false);
    expect(graph.has('@peculiar/x509')).toBe(false);
  });

  it('the app in browser mode does not load the demo lab or its certificate polyfill at start-up', async () => {
    const graph = await staticGraph('electron/core/bridge/browser-main.ts');
    expect(graph.size).toBeGreaterThan(5);
    expect(loadsDemoLab(graph)).toEqual([]);
    expect(graph.has('reflect-metadata')).toBe(false);
    expect(graph.has('@peculiar/x509')).toBe(false);
  });
});
