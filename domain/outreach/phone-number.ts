/**
 * Phone numbers as the center dials them: the mainland national number, digits only. Every
 * number the outreach rules are kept under (blacklist, preferences, attempts, exempt lines) and
 * every number of an imported call list is in this form, so one lookup finds them all.
 *
 * What a list from an analytics or CRM export holds, and what becomes of it:
 * - separators (spaces, `-`, `.`, brackets), full-width digits and signs: dropped / made ASCII;
 * - `+86`, `0086` or `86` before the number: the country code, dropped (`86` only before a mobile
 *   number, where it cannot be a trunk prefix); after it a fixed number gets its trunk `0` back;
 * - a trunk `0` before a mobile number (`013912345678`, as some PBX exports write it): dropped;
 * - a trailing `.0` (a number that went through a spreadsheet as a float): dropped.
 * Valid are mobile numbers (11 digits, `1[3-9]…`) and fixed lines with their area code (`010` or
 * `02x` and 8 digits, `0[3-9]xx` and 7 or 8 digits). Everything else cannot be called by an
 * outbound campaign: numbers without an area code, other countries, service numbers (400, 800,
 * 95xxx), extensions, a number a spreadsheet wrote as `1.39E+10`.
 */

const MOBILE = /^1[3-9]\d{9}$/;
const FIXED = /^0(?:(?:10|2\d)\d{8}|[3-9]\d{2}\d{7,8})$/;
const SEPARATORS = /[\s\-.()]/g;

/** The number in national form, or undefined when it is not a mainland mobile or fixed-line number. */
export function normalizePhone(raw: string): string | undefined {
  // NFKC turns full-width digits, `＋` and the ideographic space into their ASCII forms
  let text = /[^\x20-\x7e]/.test(raw) ? raw.normalize('NFKC') : raw;
  text = text.trim().replace(/\.0+$/, '').replace(SEPARATORS, '');
  let national: string;
  if (text.startsWith('+86')) national = text.slice(3);
  else if (text.startsWith('0086')) national = text.slice(4);
  else if (text.length === 13 && text.startsWith('86') && MOBILE.test(text.slice(2))) return text.slice(2);
  else if (text.length === 12 && text.startsWith('0') && MOBILE.test(text.slice(1))) return text.slice(1);
  else return MOBILE.test(text) || FIXED.test(text) ? text : undefined;
  if (MOBILE.test(national)) return national;
  // the international form drops the trunk 0 of the area code (some write it anyway: `+86 (0)10 …`)
  const fixed = national.startsWith('0') ? national : `0${national}`;
  return FIXED.test(fixed) ? fixed : undefined;
}
