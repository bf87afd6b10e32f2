// @ts-check
/**
 * The portal's screens: the hash path each answers, who may open it, and its place in the
 * navigation. main.js matches the first entry whose path fits (`:name` matches one segment,
 * `*` any rest) and shows each role only the navigation entries it may use. The API checks
 * roles itself: this table only keeps people away from screens that would answer 403.
 */

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

/**
 * A view loaded the first time its screen opens: each screen's code (and the libraries only it
 * uses) is a chunk of its own, so signing in does not download the designer or the admin screens.
 * @template {string} K
 * @param {() => Promise<Record<K, View>>} load
 * @param {K} name the view's export
 * @returns {View}
 */
function lazy(load, name) {
  return async (container, route) => (await load())[name](container, route);
}

const REPORT_READERS = /** @type {Role[]} */ (['auditor', 'admin', 'supervisor']);
const WORK_ORDER_READERS = /** @type {Role[]} */ (['agent', 'handler', 'supervisor', 'auditor', 'admin']);
const PROCESS_READERS = /** @type {Role[]} */ (['designer', 'auditor', 'admin']);

/** @type {Screen[]} */
export const screens = [
  { path: ['login'], view: lazy(() => import('./views/login.js'), 'renderLogin'), section: 'login', anonymous: true },
  { path: ['inbox', '*'], view: lazy(() => import('./views/inbox.js'), 'renderInbox'), section: 'inbox', roles: ['agent', 'handler', 'supervisor'], nav: { label: 'nav.inbox', group: 'work' } },
  { path: ['work-orders', ':id'], view: lazy(() => import('./views/work-order.js'), 'renderWorkOrder'), section: 'work-orders', roles: WORK_ORDER_READERS },
  { path: ['work-orders'], view: lazy(() => import('./views/work-orders.js'), 'renderWorkOrders'), section: 'work-orders', roles: WORK_ORDER_READERS, nav: { label: 'nav.workOrders', group: 'work' } },
  { path: ['new'], view: lazy(() => import('./views/new-work-order.js'), 'renderNewWorkOrder'), section: 'new', roles: ['agent'], nav: { label: 'nav.newWorkOrder', group: 'work' } },
  { path: ['preview'], view: lazy(() => import('./views/preview-dial.js'), 'renderPreviewDial'), section: 'preview-dial', roles: ['agent'], nav: { label: 'nav.previewDial', group: 'outreach' } },
  { path: ['campaigns', 'new'], view: lazy(() => import('./views/campaign-wizard.js'), 'renderCampaignWizard'), section: 'campaigns', roles: ['supervisor', 'admin'] },
  { path: ['campaigns', ':id', 'list'], view: lazy(() => import('./views/campaign-wizard.js'), 'renderCampaignWizard'), section: 'campaigns', roles: ['supervisor', 'admin'] },
  { path: ['campaigns', ':id'], view: lazy(() => import('./views/campaign.js'), 'renderCampaign'), section: 'campaigns', roles: ['supervisor', 'admin', 'auditor'] },
  { path: ['campaigns'], view: lazy(() => import('./views/campaigns.js'), 'renderCampaigns'), section: 'campaigns', roles: ['supervisor', 'admin', 'auditor'], nav: { label: 'nav.campaigns', group: 'outreach' } },
  { path: ['sla', 'compliance'], view: lazy(() => import('./views/sla-compliance.js'), 'renderSlaCompliance'), section: 'sla-compliance', roles: REPORT_READERS, nav: { label: 'nav.slaCompliance', group: 'reports' } },
  { path: ['sla', 'breaches'], view: lazy(() => import('./views/sla-breaches.js'), 'renderSlaBreaches'), section: 'sla-breaches', roles: REPORT_READERS, nav: { label: 'nav.slaBreaches', group: 'reports' } },
  { path: ['designer'], view: lazy(() => import('./views/designer-list.js'), 'renderDesignerList'), section: 'designer', roles: PROCESS_READERS, nav: { label: 'designer.nav', group: 'design' } },
  { path: ['designer', ':id', 'versions'], view: lazy(() => import('./views/designer-versions.js'), 'renderDesignerVersions'), section: 'designer', roles: PROCESS_READERS },
  { path: ['designer', ':id', 'diff'], view: lazy(() => import('./views/designer-diff.js'), 'renderDesignerDiff'), section: 'designer', roles: PROCESS_READERS },
  { path: ['designer', ':id'], view: lazy(() => import('./views/designer-editor.js'), 'renderDesignerEditor'), section: 'designer', roles: ['designer'] },
  { path: ['admin', 'users'], view: lazy(() => import('./views/admin-users.js'), 'renderAdminUsers'), section: 'admin-users', roles: ['admin'], nav: { label: 'admin.nav.users', group: 'admin' } },
  { path: ['admin', 'departments'], view: lazy(() => import('./views/admin-departments.js'), 'renderAdminDepartments'), section: 'admin-departments', roles: ['admin'], nav: { label: 'admin.nav.departments', group: 'admin' } },
  { path: ['admin', 'sla'], view: lazy(() => import('./views/admin-sla.js'), 'renderAdminSla'), section: 'admin-sla', roles: ['admin'], nav: { label: 'adminSla.nav.policies', group: 'admin' } },
  { path: ['admin', 'calendars'], view: lazy(() => import('./views/admin-calendars.js'), 'renderAdminCalendars'), section: 'admin-calendars', roles: ['admin'], nav: { label: 'adminSla.nav.calendars', group: 'admin' } },
  { path: ['admin', 'mail-templates'], view: lazy(() => import('./views/admin-mail-templates.js'), 'renderAdminMailTemplates'), section: 'admin-mail-templates', roles: ['admin'], nav: { label: 'adminSla.nav.mailTemplates', group: 'admin' } },
  { path: ['admin', 'oa'], view: lazy(() => import('./views/admin-oa.js'), 'renderAdminOa'), section: 'admin-oa', roles: ['admin'], nav: { label: 'admin.nav.oa', group: 'admin' } },
  { path: ['admin', 'dead-letters'], view: lazy(() => import('./views/admin-dead-letters.js'), 'renderAdminDeadLetters'), section: 'admin-dead-letters', roles: ['admin'], nav: { label: 'admin.nav.deadLetters', group: 'admin' } },
  { path: ['admin', 'mail'], view: lazy(() => import('./views/admin-mail.js'), 'renderAdminMail'), section: 'admin-mail', roles: ['admin'], nav: { label: 'admin.nav.mailbox', group: 'admin' } },
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
