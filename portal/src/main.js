// @ts-check
/**
 * The portal's shell: the top bar (user, role, logout), the navigation and hash routing.
 *   #/login                 log in
 *   #/inbox[/mine]          department inbox, my tasks
 *   #/work-orders[?filters] list of work orders (supervisors, agents: their own)
 *   #/work-orders/WO-...    one work order
 *   #/new                   agent: record a contact and open a work order
 *   #/preview               agent: preview dialing (customers the callback and campaign processes hand over)
 *   #/campaigns             supervisors, admins, auditors: outbound campaigns
 *   #/campaigns/new         supervisors, admins: the new-campaign wizard
 *   #/campaigns/CP-...      one campaign live; /list imports a list for it
 *   #/sla/compliance[?...]  auditors, admins, supervisors: SLA compliance report
 *   #/sla/breaches[?...]    auditors, admins, supervisors: clocks that broke their limit
 *   #/admin/mail[?to=&id=]  admins: dead letters, and the development mailbox
 */
import { api, setUnauthenticatedHandler } from './api.js';
import { renderAdminMail } from './views/admin-mail.js';
import { renderCampaign } from './views/campaign.js';
import { renderCampaignWizard } from './views/campaign-wizard.js';
import { renderCampaigns } from './views/campaigns.js';
import { byId, h, mount } from './dom.js';
import { clearMessages, showError } from './messages.js';
import { clearSession, currentSession, hasRole, homeHash } from './session.js';
import { renderInbox } from './views/inbox.js';
import { renderLogin } from './views/login.js';
import { renderNewWorkOrder } from './views/new-work-order.js';
import { renderPreviewDial } from './views/preview-dial.js';
import { renderSlaBreaches } from './views/sla-breaches.js';
import { renderSlaCompliance } from './views/sla-compliance.js';
import { renderWorkOrder } from './views/work-order.js';
import { renderWorkOrders } from './views/work-orders.js';

/**
 * A view draws itself into `container` and may return a cleanup (timers, viewers).
 * @typedef {(container: HTMLElement, route: Route) => (void | (() => void) | Promise<void | (() => void)>)} View
 * @typedef {{ path: string[], params: URLSearchParams }} Route
 */

/** @type {(() => void) | undefined} */
let cleanup;

/** @returns {Route} */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  return { path: pathPart.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(queryPart) };
}

/**
 * @param {Route} route
 * @returns {{ view: View, section: string }}
 */
function resolve(route) {
  const [first, second] = route.path;
  if (first === 'login') return { view: renderLogin, section: 'login' };
  if (first === 'inbox') return { view: renderInbox, section: 'inbox' };
  if (first === 'work-orders' && second) return { view: renderWorkOrder, section: 'work-orders' };
  if (first === 'work-orders') return { view: renderWorkOrders, section: 'work-orders' };
  if (first === 'new') return { view: renderNewWorkOrder, section: 'new' };
  if (first === 'preview') return { view: renderPreviewDial, section: 'preview-dial' };
  if (first === 'campaigns' && (second === 'new' || route.path[2] === 'list')) return { view: renderCampaignWizard, section: 'campaigns' };
  if (first === 'campaigns' && second) return { view: renderCampaign, section: 'campaigns' };
  if (first === 'campaigns') return { view: renderCampaigns, section: 'campaigns' };
  if (first === 'sla' && second === 'compliance') return { view: renderSlaCompliance, section: 'sla-compliance' };
  if (first === 'sla' && second === 'breaches') return { view: renderSlaBreaches, section: 'sla-breaches' };
  if (first === 'admin' && second === 'mail') return { view: renderAdminMail, section: 'admin-mail' };
  return { view: notFound, section: '' };
}

/** @type {View} */
function notFound(container) {
  mount(
    container,
    h('section', { class: 'panel empty-page' }, h('h1', { text: 'No such page' }), h('p', {}, 'Go to ', h('a', { href: homeHash(), text: 'your work' }), '.')),
  );
}

async function route() {
  cleanup?.();
  cleanup = undefined;
  clearMessages();
  const current = parseHash();
  if (current.path.length === 0) {
    location.replace(currentSession() ? homeHash() : '#/login');
    return;
  }
  const session = currentSession();
  if (!session && current.path[0] !== 'login') {
    // come back here after logging in
    location.replace(`#/login?next=${encodeURIComponent(location.hash)}`);
    return;
  }
  const { view, section } = resolve(current);
  renderShell(section);
  const container = byId('view');
  container.dataset.view = section;
  mount(container, h('p', { class: 'loading', text: 'Loading…' }));
  try {
    const result = await view(container, current);
    if (typeof result === 'function') cleanup = result;
  } catch (err) {
    mount(container);
    showError(err);
  }
}

/** @param {string} section */
function renderShell(section) {
  const session = currentSession();
  const nav = byId('nav');
  const user = byId('user');
  if (!session) {
    mount(nav);
    mount(user);
    return;
  }
  /** @param {string} href @param {string} label @param {string} key */
  const link = (href, label, key) =>
    h('a', { href, class: key === section ? 'nav-link active' : 'nav-link', 'aria-current': key === section ? 'page' : null, text: label });
  mount(
    nav,
    link(homeHash().startsWith('#/inbox') ? homeHash() : '#/inbox', 'Inbox', 'inbox'),
    link('#/work-orders', 'Work orders', 'work-orders'),
    hasRole('agent') && link('#/new', 'New work order', 'new'),
    hasRole('agent') && link('#/preview', 'Preview dialing', 'preview-dial'),
    hasRole('supervisor', 'admin', 'auditor') && link('#/campaigns', 'Campaigns', 'campaigns'),
    // the API answers these reports to auditors, admins and supervisors only
    hasRole('auditor', 'admin', 'supervisor') && link('#/sla/compliance', 'SLA compliance', 'sla-compliance'),
    hasRole('auditor', 'admin', 'supervisor') && link('#/sla/breaches', 'SLA breaches', 'sla-breaches'),
    hasRole('admin') && link('#/admin/mail', 'Mail', 'admin-mail'),
  );
  const { displayName, username, roles, departmentId, unitId } = session.user;
  mount(
    user,
    h(
      'div',
      { class: 'user-who' },
      h('span', { class: 'user-name', text: displayName, title: username }),
      h('span', { class: 'user-meta' }, h('span', { 'data-testid': 'user-role', text: roles.join(', ') }), ' · ', departmentId ?? unitId),
    ),
    h('button', { type: 'button', class: 'button button-quiet', text: 'Log out', onclick: () => void logout() }),
  );
}

async function logout() {
  try {
    await api.logout();
  } catch {
    // the token is dropped here either way; an expired one cannot be logged out twice
  }
  clearSession();
  location.hash = '#/login';
}

setUnauthenticatedHandler(() => {
  if (!location.hash.startsWith('#/login')) location.replace(`#/login?next=${encodeURIComponent(location.hash)}&expired=1`);
});
window.addEventListener('hashchange', () => void route());
void route();
