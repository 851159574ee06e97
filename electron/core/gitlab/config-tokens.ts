import { parse } from 'smol-toml';

/** A runner token found somewhere (a config.toml in a ConfigMap, on a host…), and where. */
export interface RunnerTokenRef {
  token: string;
  /** Where it came from, shown instead of the token: e.g. `kube/prod/gitlab-runner/configmaps.yaml`. */
  ref: string;
  runnerName?: string;
  /** The `url` of its [[runners]] entry. */
  url?: string;
  /** The machine's `.runner_system_id`, when known: lets verify match a runner manager. */
  systemId?: string;
}

/**
 * Runner tokens in a config.toml, one per [[runners]] entry. Falls back to a line scan when the
 * file does not parse (a broken config is exactly what people bring), so a token is still found.
 */
export function runnerTokensFromConfigToml(text: string, ref: string): RunnerTokenRef[] {
  try {
    const doc = parse(text) as { runners?: unknown };
    const runners = Array.isArray(doc.runners) ? (doc.runners as Record<string, unknown>[]) : [];
    return runners.flatMap((r) =>
      typeof r.token === 'string' && r.token !== ''
        ? [
            {
              token: r.token,
              ref,
              ...(typeof r.name === 'string' ? { runnerName: r.name } : {}),
              ...(typeof r.url === 'string' ? { url: r.url } : {}),
            },
          ]
        : [],
    );
  } catch {
    const out: RunnerTokenRef[] = [];
    for (const m of text.matchAll(/^\s*token\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')/gm)) {
      const token = m[1] ?? m[2];
      if (token) out.push({ token, ref });
    }
    return out;
  }
}
