import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../electron/core/demo-lab/scenarios';
import { CATALOGS } from '../../../shared/i18n';

describe("the demo lab's incidents in the catalog", () => {
  it('every scenario has a title in English and Russian; the English is the one the lab gives', () => {
    const en = CATALOGS.en.targets.scenarios as Record<string, string>;
    const ru = CATALOGS.ru.targets.scenarios as Record<string, string>;
    expect(Object.keys(en).sort()).toEqual(SCENARIOS.map((s) => s.id).sort());
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const s of SCENARIOS) {
      expect(en[s.id], s.id).toBe(s.title);
      expect(ru[s.id], s.id).toMatch(/[а-яё]/);
    }
  });
});
