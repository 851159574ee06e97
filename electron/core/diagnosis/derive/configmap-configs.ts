import type { Facts } from '../facts';
import { configMapSource, extractRunnerConfig } from '../extract/config-toml';
import { isRecord } from '../extract/structured';

/** config.toml kept in a ConfigMap (raw manifests, the Helm chart's `config.toml`/`config.template.toml`). */
export function extractConfigMapConfigs(facts: Facts): void {
  for (const cm of facts.kubeObjects.filter((o) => o.kind === 'ConfigMap')) {
    const data = isRecord(cm.object.data) ? cm.object.data : {};
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string' || !key.endsWith('.toml')) continue;
      if (!/^\s*\[\[runners\]\]|^\s*concurrent\s*=|^\s*\[runners\./m.test(value)) continue;
      // Already read from the file the kube collector wrote for this key.
      if (facts.configs.some((c) => c.source.configMap?.name === cm.name && c.source.configMap.key === key && c.source.configMap.namespace === cm.namespace)) continue;
      const start = cm.doc.blockStart([...cm.base, 'data', key]);
      const keyLine = cm.doc.lineAt([...cm.base, 'data', key]);
      extractRunnerConfig(
        value,
        configMapSource(cm.file, { ...(cm.namespace ? { namespace: cm.namespace } : {}), name: cm.name, key }, (tomlLine) =>
          start?.block ? start.line + tomlLine - 1 : (start?.line ?? keyLine),
        ),
        facts,
        key.includes('template'),
      );
    }
  }
}
