// @ts-check
/**
 * The portal's shell: the top bar (navigation per role, language, user, sign-out), the
 * session's end, and hash routing over the screens of routes.js.
 */
import { api, setUnauthenticatedHandler } from './api.js';
import { byId, h, mount } from './dom.js';
import { currentLocale, LOCALE_NAMES, LOCALES, onLocaleChange, setLocale, t } from './i18n.js';
import { clearMessages, showError } from './messages.js';
import { mayOpen, screenFor, screens } from './routes.js';
import { watchSessionExpiry } from './session-expiry.js';
import { clearSession, currentSession, homeHash } from './session.js';

/**
 * @typedef {import('./routes.js').View} View
 * @typedef {import('./routes.js').Route} Route
 * @typedef {import('./routes.js').Screen} Screen
 * @typedef {import('./routes.js').NavEntry} NavEntry
 * @typedef {import('./types.js').Role} Role
 */

/** @type {(() => void) | undefined} */
let cleanup;

/** @param {string} segment a segment of the address; one that is not valid percent-encoding stays as typed */
function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** @returns {Route} */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  return { path: pathPart.split('/').filter(Boolean).map(decodeSegment), params: new URLSearchParams(queryPart) };
}

/** Counts navigations: a screen that finishes loading after the user went on draws nothing. */
let navigation = 0;

/** @type {View} */
function notFound(container) {
  mount(
    container,
    h(
      'section',
      { class: 'panel empty-page' },
      h('h1', { text: t('error.notFoundTitle') }),
      h('p', {}, ...fillLink(t('error.notFound', { link: '\u0000' }), h('a', { href: homeHash(), text: t('error.yourWork') }))),
    ),
  );
}

/**
 * A translated sentence with a link where its placeholder was (`\u0000`).
 * @param {string} sentence @param {HTMLElement} link
 */
function fillLink(sentence, link) {
  const [before = '', after = ''] = sentence.split('\u0000');
  return [before, link, after];
}

/**
 * @param {Screen} screen
 * @returns {View}
 */
function notAllowed(screen) {
  return (container) => {
    const roles = (screen.roles ?? []).map((r) => t(`role.${r}`)).join(' / ');
    mount(
      container,
      h(
        'section',
        { class: 'panel empty-page', 'data-testid': 'not-allowed' },
        h('h1', { text: t('error.notAllowedTitle') }),
        h('p', { text: t('error.notAllowed', { roles }) }),
        h('p', {}, h('a', { href: homeHash(), text: t('error.yourWork') })),
      ),
    );
  };
}

async function route() {
  const mine = ++navigation;
  cleanup?.();
  cleanup = undefined;
  clearMessages();
  const current = parseHash();
  if (current.path.length === 0) {
    location.replace(currentSession() ? homeHash() : '#/login');
    return;
  }
  const session = currentSession();
  const screen = screenFor(current.path);
  if (!session && !screen?.anonymous) {
    // come back here after signing in
    location.replace(`#/login?next=${encodeURIComponent(location.hash)}`);
    return;
  }
  watchSessionExpiry(sessionEnded);
  const allowed = !screen || !session || mayOpen(screen, session.user.roles);
  const view = !screen ? notFound : allowed ? screen.view : notAllowed(screen);
  renderShell(screen);
  const main = byId('view');
  main.dataset.view = screen?.section ?? '';
  main.setAttribute('aria-busy', 'true');
  // each navigation draws into a page of its own: a screen the user already left draws into a
  // detached page, never over the one that replaced it
  const page = h('div', { class: 'page' }, h('p', { class: 'loading', role: 'status', text: t('common.loading') }));
  mount(main, page);
  try {
    const result = await view(page, current);
    if (mine !== navigation) {
      // and releases what it holds (a modeler, listeners)
      if (typeof result === 'function') result();
      return;
    }
    if (typeof result === 'function') cleanup = result;
  } catch (err) {
    if (mine !== navigation) return;
    mount(page);
    showError(err);
  }
  main.removeAttribute('aria-busy');
  document.title = `${pageTitle(screen)} · Closeloop`;
}

/** @param {Screen | undefined} screen */
function pageTitle(screen) {
  const heading = byId('view').querySelector('h1')?.textContent?.trim();
  if (heading) return heading;
  return screen?.nav ? t(screen.nav.label) : t('shell.brandSub');
}

/** The navigation entries the signed-in user may use, in their groups' order. */
function navigationFor(/** @type {readonly Role[]} */ roles) {
  /** @type {Map<NavEntry['group'], { screen: Screen, nav: NavEntry }[]>} */
  const groups = new Map();
  for (const screen of screens) {
    if (!screen.nav || !mayOpen(screen, roles)) continue;
    const list = groups.get(screen.nav.group) ?? [];
    list.push({ screen, nav: screen.nav });
    groups.set(screen.nav.group, list);
  }
  return groups;
}

/** @param {Screen} screen */
function hrefOf(screen) {
  if (screen.nav?.href) return screen.nav.href;
  // an agent's inbox opens on their own tasks
  if (screen.section === 'inbox') return homeHash().startsWith('#/inbox') ? homeHash() : '#/inbox';
  return `#/${screen.path.filter((p) => p !== '*').join('/')}`;
}

/** @param {Screen | undefined} current */
function renderShell(current) {
  const session = currentSession();
  const nav = byId('nav');
  const user = byId('user');
  mount(byId('brand-sub'), t('shell.brandSub'));
  byId('skip-link').textContent = t('shell.skipToContent');
  byId('language').replaceWith(languageSwitch());
  if (!session) {
    mount(nav);
    mount(user);
    byId('menu-toggle').hidden = true;
    return;
  }
  const menu = byId('menu-toggle');
  menu.hidden = false;
  menu.setAttribute('aria-label', t('shell.menu'));
  nav.setAttribute('aria-label', t('shell.mainNav'));
  const groups = [...navigationFor(session.user.roles)];
  mount(
    nav,
    groups.map(([group, entries]) =>
      h(
        'div',
        { class: 'nav-group', role: 'group', 'aria-label': t(`nav.group.${group}`) },
        groups.length > 1 && h('span', { class: 'nav-group-label', 'aria-hidden': 'true', text: t(`nav.group.${group}`) }),
        entries.map(({ screen, nav: entry }) => {
          const active = screen.section === current?.section;
          return h('a', { href: hrefOf(screen), class: active ? 'nav-link active' : 'nav-link', 'data-section': screen.section, 'aria-current': active ? 'page' : null, text: t(entry.label) });
        }),
      ),
    ),
  );
  const { displayName, username, roles, departmentId, unitId } = session.user;
  const unit = h('span', { 'data-testid': 'user-unit', text: departmentId ?? unitId });
  void unitName(departmentId ?? unitId).then((name) => (unit.textContent = name));
  mount(
    user,
    h(
      'div',
      { class: 'user-who' },
      h('span', { class: 'user-name', text: displayName, title: username }),
      h(
        'span',
        { class: 'user-meta' },
        h('span', { 'data-testid': 'user-role', 'data-roles': roles.join(' '), text: roles.map((r) => t(`role.${r}`)).join(', ') }),
        ' · ',
        unit,
      ),
    ),
    h('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'sign-out', text: t('shell.signOut'), onclick: () => void signOut() }),
  );
}

/** @type {Promise<Map<string, string>> | undefined} */
let unitNames;

/**
 * The name of a unit (the top bar shows "Billing", not "billing"); read once per page load.
 * @param {string} unitId
 */
async function unitName(unitId) {
  unitNames ??= api.units().then(
    (units) => new Map(units.map((u) => [u.unitId, u.name])),
    () => {
      unitNames = undefined; // read again on the next page
      return new Map();
    },
  );
  return (await unitNames).get(unitId) ?? unitId;
}

function languageSwitch() {
  const id = 'language-select';
  const select = h(
    'select',
    { id, class: 'language-select', onchange: () => setLocale(/** @type {import('./i18n.js').Locale} */ (select.value)) },
    LOCALES.map((l) => h('option', { value: l, lang: l, selected: l === currentLocale(), text: LOCALE_NAMES[l] })),
  );
  return h('div', { id: 'language', class: 'language' }, h('label', { for: id, class: 'visually-hidden', text: t('shell.language') }), select);
}

async function signOut() {
  try {
    await api.logout();
  } catch {
    // the token is dropped here either way; an expired one cannot be signed out twice
  }
  clearSession();
  location.hash = '#/login?signedOut=1';
}

function sessionEnded() {
  clearSession();
  if (!location.hash.startsWith('#/login')) location.replace(`#/login?next=${encodeURIComponent(location.hash)}&expired=1`);
}

function toggleMenu() {
  const menu = byId('menu-toggle');
  const open = menu.getAttribute('aria-expanded') !== 'true';
  menu.setAttribute('aria-expanded', String(open));
  document.body.classList.toggle('menu-open', open);
}

function closeMenu() {
  byId('menu-toggle').setAttribute('aria-expanded', 'false');
  document.body.classList.remove('menu-open');
}

setUnauthenticatedHandler(sessionEnded);
document.documentElement.lang = currentLocale();
byId('menu-toggle').addEventListener('click', toggleMenu);
// the skip link's own #view would be taken for a route: focus the page's content instead
byId('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  byId('view').focus();
});
onLocaleChange(() => void route());
window.addEventListener('hashchange', () => {
  closeMenu();
  void route();
});
void route();
