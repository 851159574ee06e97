/** Kubernetes resource quantities (`500m`, `1536Mi`, `2`), enough for quota arithmetic. */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

export interface Quantity {
  value: number;
  /** How to print sums: binary suffixes if the source used them. */
  binary: boolean;
  milli: boolean;
}

export function parseQuantity(text: string | number): Quantity {
  if (typeof text === 'number') return { value: text, binary: false, milli: false };
  const m = String(text)
    .trim()
    .match(/^([+-]?\d+(?:\.\d+)?)(?:e([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/);
  if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const num = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1);
  const suffix = m[3] ?? '';
  if (suffix in BINARY) return { value: num * (BINARY[suffix] as number), binary: true, milli: false };
  return { value: num * (DECIMAL[suffix] as number), binary: false, milli: suffix === 'm' };
}

/** Prints a quantity the way the API does in quota messages: the largest exact suffix. */
export function formatQuantity(value: number, like: Quantity): string {
  if (like.binary) {
    for (const [suffix, factor] of Object.entries(BINARY).reverse()) {
      if (value >= factor && Number.isInteger(value / factor)) return `${value / factor}${suffix}`;
    }
    return String(value);
  }
  if (!Number.isInteger(value)) return `${Math.round(value * 1000)}m`;
  return String(value);
}
