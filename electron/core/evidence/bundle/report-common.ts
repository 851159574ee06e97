import type { Manifest } from '../../../../shared/bundle';
import type { Language } from '../../../../shared/i18n/languages';
import { textFor } from '../../../../shared/i18n/text';

/** What a redaction rule stands for, in words a reader of the report understands (`rule.<id>` in the catalogs). */
export function ruleDescription(rule: string, lang: Language): string {
  const t = textFor(lang);
  return t(`rule.${rule}`, { defaultValue: rule });
}

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}


export function redactionTotal(manifest: Manifest): number {
  return Object.values(manifest.redactionSummary ?? {}).reduce((a, b) => a + b, 0);
}
