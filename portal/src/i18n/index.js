// @ts-check
/**
 * Every area's dictionary: `{ en: {...}, 'zh-CN': {...} }` with keys prefixed by the area.
 * A unit test (test/unit/portal-i18n.unit.spec.ts) checks both languages name the same keys
 * with the same placeholders, and that every key the code uses exists.
 * @typedef {{ en: Record<string, string>, 'zh-CN': Record<string, string> }} Dictionary
 */
import common from './common.js';
import designer from './designer.js';
import shell from './shell.js';

/** @type {Dictionary[]} */
export default [common, shell, designer];
