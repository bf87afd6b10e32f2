// @ts-check
/**
 * Every area's dictionary: `{ en: {...}, 'zh-CN': {...} }` with keys prefixed by the area.
 * A unit test (test/unit/portal-i18n.unit.spec.ts) checks both languages name the same keys
 * with the same placeholders, and that every key the code uses exists.
 * @typedef {{ en: Record<string, string>, 'zh-CN': Record<string, string> }} Dictionary
 */
import adminSla from './admin-sla.js';
import admin from './admin.js';
import codesOutreach from './codes-outreach.js';
import codesWorkOrders from './codes-work-orders.js';
import common from './common.js';
import designer from './designer.js';
import outreach from './outreach.js';
import shell from './shell.js';
import sla from './sla.js';
import workOrders from './work-orders.js';

/** @type {Dictionary[]} */
export default [common, shell, workOrders, sla, codesWorkOrders, outreach, codesOutreach, designer, admin, adminSla];
