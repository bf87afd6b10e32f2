import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../runtime/paths';

type Dictionary = Record<'en' | 'zh-CN', Record<string, string>>;

const portalSrc = path.join(projectRoot(), 'portal', 'src');

/** The portal's dictionaries as the browser gets them: portal/ is ES modules, so a child Node imports them. */
function loadDictionaries(): Dictionary[] {
  const script = `import d from ${JSON.stringify(path.join(portalSrc, 'i18n', 'index.js'))}; console.log(JSON.stringify(d));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Dictionary[];
}

function portalFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return portalFiles(full);
    return e.name.endsWith('.js') ? [full] : [];
  });
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('portal dictionaries', () => {
  const dictionaries = loadDictionaries();
  const merged: Dictionary = { en: {}, 'zh-CN': {} };
  for (const d of dictionaries) {
    Object.assign(merged.en, d.en);
    Object.assign(merged['zh-CN'], d['zh-CN']);
  }

  test('each area names the same keys in both languages, with the same placeholders', () => {
    for (const d of dictionaries) {
      expect(Object.keys(d['zh-CN']).sort()).toEqual(Object.keys(d.en).sort());
      for (const [key, en] of Object.entries(d.en)) {
        expect({ key, placeholders: placeholders(d['zh-CN'][key] ?? '') }).toEqual({ key, placeholders: placeholders(en) });
      }
    }
  });

  test('no key is defined by two areas', () => {
    const seen = new Map<string, number>();
    for (const d of dictionaries) for (const key of Object.keys(d.en)) seen.set(key, (seen.get(key) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([key]) => key)).toEqual([]);
  });

  test('Chinese texts are written in Chinese, not left in English', () => {
    // a text with Latin words only (brand names and codes aside) was not translated
    const untranslated = Object.entries(merged['zh-CN']).filter(
      ([key, zh]) => zh === merged.en[key] && /[a-z]{4,}/i.test(zh.replace(/\{\w+\}|Closeloop|OA|SLA|IVR|CSV|XLSX|BPMN|DMN|API|ID/g, '')),
    );
    expect(untranslated).toEqual([]);
  });

  test('every key the portal code names exists', () => {
    const used = new Set<string>();
    for (const file of portalFiles(portalSrc)) {
      const code = readFileSync(file, 'utf8');
      // t('key'...), tn('key'...) and route labels `label: 'nav.x'`
      for (const m of code.matchAll(/\b(?:t|tn)\(\s*'([\w.-]+)'|\blabel: '([\w-]+\.[\w.-]+)'/g)) used.add(m[1] ?? m[2] ?? '');
    }
    expect([...used].filter((key) => !(key in merged.en))).toEqual([]);
  });
});
