// @ts-check
/**
 * The portal's two languages. Every string a person reads goes through `t(key, params)`; the
 * texts live in one dictionary per area (portal/src/i18n/*.js), both languages side by side,
 * with `{name}` placeholders. The choice is kept in localStorage; without one the browser's
 * language decides (zh* → 简体中文, anything else → English).
 */
import dictionaries from './i18n/index.js';

/** @typedef {'zh-CN' | 'en'} Locale */

/** @type {readonly Locale[]} */
export const LOCALES = ['zh-CN', 'en'];

/** How each language names itself in the switcher. */
export const LOCALE_NAMES = /** @type {const} */ ({ 'zh-CN': '简体中文', en: 'English' });

const KEY = 'closeloop.locale';

/** @type {Record<Locale, Record<string, string>>} */
const table = { 'zh-CN': {}, en: {} };
for (const area of dictionaries) {
  Object.assign(table.en, area.en);
  Object.assign(table['zh-CN'], area['zh-CN']);
}

/** @param {string | null | undefined} value @returns {value is Locale} */
function isLocale(value) {
  return value === 'zh-CN' || value === 'en';
}

/** @returns {Locale} */
export function currentLocale() {
  const chosen = localStorage.getItem(KEY);
  if (isLocale(chosen)) return chosen;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/** @type {Set<(locale: Locale) => void>} */
const listeners = new Set();

/** @param {Locale} locale */
export function setLocale(locale) {
  localStorage.setItem(KEY, locale);
  document.documentElement.lang = locale;
  for (const listener of listeners) listener(locale);
}

/** @param {(locale: Locale) => void} listener called after the language changed */
export function onLocaleChange(listener) {
  listeners.add(listener);
}

/**
 * The text of `key` in the current language, with `{name}` replaced from `params`. A key
 * missing in one language falls back to English, then to the key itself (a unit test keeps
 * both dictionaries complete).
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params) {
  const text = table[currentLocale()][key] ?? table.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (/** @type {string} */ whole, /** @type {string} */ name) => (name in params ? String(params[name]) : whole));
}

/** @param {string} key @returns {boolean} whether the dictionaries have a text for `key` */
export function hasText(key) {
  return key in table.en;
}

/**
 * Like t(), for a count: `key.one` when n is 1 and such a key exists, `key` otherwise (Chinese
 * has one form; English has two).
 * @param {string} key
 * @param {number} n
 * @param {Record<string, string | number>} [params]
 */
export function tn(key, n, params = {}) {
  const one = `${key}.one`;
  const useOne = n === 1 && one in table[currentLocale()];
  return t(useOne ? one : key, { n, ...params });
}
