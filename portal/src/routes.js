// @ts-check
/**
 * The portal's screens: the hash path each answers, who may open it, and its place in the
 * navigation. main.js matches the first entry whose path fits (`:name` matches one segment,
 * `*` any rest) and shows each role only the navigation entries it may use. The API checks
 * roles itself: this table only keeps people away from screens that would answer 403.
 */
import { renderAdminCalendars } from './views/admin-calendars.js';
import { renderAdminDeadLetters } from './views/admin-dead-letters.js';
import { renderAdminDepartments } from './views/admin-departments.js';
import { renderAdminMailTemplates } from './views/admin-mail-templates.js';
import { renderAdminMail } from './views/admin-mail.js';
import { renderAdminOa } from './views/admin-oa.js';
import { renderAdminSla } from './views/admin-sla.js';
import { renderAdminUsers } from './views/admin-users.js';
import { renderCampaign } from './views/campaign.js';
import { renderCampaignWizard } from './views/campaign-wizard.js';
import { renderCampaigns } from './views/campaigns.js';
import { renderDesignerDiff } from './views/designer-diff.js';
import { renderDesignerEditor } from './views/designer-editor.js';
import { renderDesignerList } from './views/designer-list.js';
import { renderDesignerVersions } from './views/designer-versions.js';
import { renderInbox } from './views/inbox.js';
import { renderLogin } from './views/login.js';
import { renderNewWorkOrder } from './views/new-work-order.js';
import { renderPreviewDial } from './views/preview-dial.js';
import { renderSlaBreaches } from './views/sla-breaches.js';
import { renderSlaCompliance } from './views/sla-compliance.js';
import { renderWorkOrder } from './views/work-order.js';
import { renderWorkOrders } from './views/work-orders.js';

/**
 * @typedef {import('./types.js').Role} Role
 * @typedef {{ path: string[], params: URLSearchParams }} Route
 * @typedef {(container: HTMLElement, route: Route) => (void | (() => void) | Promise<void | (() => void)>)} View
 *   draws itself into `container` and may return a cleanup (timers, viewers)
 * @typedef {{ label: string, group: 'work' | 'outreach' | 'reports' | 'design' | 'admin', href?: string }} NavEntry
 *   `label` is an i18n key; `href` when the link differs from the path
 * @typedef {{ path: string[], view: View, section: string, roles?: Role[], anonymous?: boolean, nav?: NavEntry }} Screen
 *   `roles`: who may open it (everyone signed in when absent); `anonymous`: reachable signed out
 */

const REPORT_READERS = /** @type {Role[]} */ (['auditor', 'admin', 'supervisor']);
const WORK_ORDER_READERS = /** @type {Role[]} */ (['agent', 'handler', 'supervisor', 'auditor', 'admin']);
const PROCESS_READERS = /** @type {Role[]} */ (['designer', 'auditor', 'admin']);

/** @type {Screen[]} */
export const screens = [
  { path: ['login'], view: renderLogin, section: 'login', anonymous: true },
  { path: ['inbox', '*'], view: renderInbox, section: 'inbox', roles: ['agent', 'handler', 'supervisor'], nav: { label: 'nav.inbox', group: 'work' } },
  { path: ['work-orders', ':id'], view: renderWorkOrder, section: 'work-orders', roles: WORK_ORDER_READERS },
  { path: ['work-orders'], view: renderWorkOrders, section: 'work-orders', roles: WORK_ORDER_READERS, nav: { label: 'nav.workOrders', group: 'work' } },
  { path: ['new'], view: renderNewWorkOrder, section: 'new', roles: ['agent'], nav: { label: 'nav.newWorkOrder', group: 'work' } },
  { path: ['preview'], view: renderPreviewDial, section: 'preview-dial', roles: ['agent'], nav: { label: 'nav.previewDial', group: 'outreach' } },
  { path: ['campaigns', 'new'], view: renderCampaignWizard, section: 'campaigns', roles: ['supervisor', 'admin'] },
  { path: ['campaigns', ':id', 'list'], view: renderCampaignWizard, section: 'campaigns', roles: ['supervisor', 'admin'] },
  { path: ['campaigns', ':id'], view: renderCampaign, section: 'campaigns', roles: ['supervisor', 'admin', 'auditor'] },
  { path: ['campaigns'], view: renderCampaigns, section: 'campaigns', roles: ['supervisor', 'admin', 'auditor'], nav: { label: 'nav.campaigns', group: 'outreach' } },
  { path: ['sla', 'compliance'], view: renderSlaCompliance, section: 'sla-compliance', roles: REPORT_READERS, nav: { label: 'nav.slaCompliance', group: 'reports' } },
  { path: ['sla', 'breaches'], view: renderSlaBreaches, section: 'sla-breaches', roles: REPORT_READERS, nav: { label: 'nav.slaBreaches', group: 'reports' } },
  { path: ['designer'], view: renderDesignerList, section: 'designer', roles: PROCESS_READERS, nav: { label: 'designer.nav', group: 'design' } },
  { path: ['designer', ':id', 'versions'], view: renderDesignerVersions, section: 'designer', roles: PROCESS_READERS },
  { path: ['designer', ':id', 'diff'], view: renderDesignerDiff, section: 'designer', roles: PROCESS_READERS },
  { path: ['designer', ':id'], view: renderDesignerEditor, section: 'designer', roles: ['designer'] },
  { path: ['admin', 'users'], view: renderAdminUsers, section: 'admin-users', roles: ['admin'], nav: { label: 'admin.nav.users', group: 'admin' } },
  { path: ['admin', 'departments'], view: renderAdminDepartments, section: 'admin-departments', roles: ['admin'], nav: { label: 'admin.nav.departments', group: 'admin' } },
  { path: ['admin', 'sla'], view: renderAdminSla, section: 'admin-sla', roles: ['admin'], nav: { label: 'adminSla.nav.policies', group: 'admin' } },
  { path: ['admin', 'calendars'], view: renderAdminCalendars, section: 'admin-calendars', roles: ['admin'], nav: { label: 'adminSla.nav.calendars', group: 'admin' } },
  { path: ['admin', 'mail-templates'], view: renderAdminMailTemplates, section: 'admin-mail-templates', roles: ['admin'], nav: { label: 'adminSla.nav.mailTemplates', group: 'admin' } },
  { path: ['admin', 'oa'], view: renderAdminOa, section: 'admin-oa', roles: ['admin'], nav: { label: 'admin.nav.oa', group: 'admin' } },
  { path: ['admin', 'dead-letters'], view: renderAdminDeadLetters, section: 'admin-dead-letters', roles: ['admin'], nav: { label: 'admin.nav.deadLetters', group: 'admin' } },
  { path: ['admin', 'mail'], view: renderAdminMail, section: 'admin-mail', roles: ['admin'], nav: { label: 'admin.nav.mailbox', group: 'admin' } },
];

/**
 * @param {string[]} pattern
 * @param {string[]} path
 */
function fits(pattern, path) {
  for (const [i, part] of pattern.entries()) {
    if (part === '*') return true;
    const segment = path[i];
    if (segment === undefined || (!part.startsWith(':') && part !== segment)) return false;
  }
  return pattern.length === path.length;
}

/**
 * @param {string[]} path
 * @returns {Screen | undefined}
 */
export function screenFor(path) {
  return screens.find((s) => fits(s.path, path));
}

/**
 * Whether a user holding `roles` may open `screen`.
 * @param {Screen} screen
 * @param {readonly Role[]} roles
 */
export function mayOpen(screen, roles) {
  return !screen.roles || screen.roles.some((r) => roles.includes(r));
}
