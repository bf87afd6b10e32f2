// @ts-check
/**
 * #/admin/users[?q=&unitId=&role=&page=]: admins' user list: search by name or username, filter
 * by unit and role, create and edit users (roles as checkboxes, unit as a select), disable or
 * enable them, and set a new password. The API enforces the rules (password policy, roles the
 * unit allows, no admin locking themselves out) and its problems show in the dialog.
 */
import { actionsCell, field, pager, tableHead, valueOf } from '../admin-ui.js';
import { formDialog } from '../form-dialog.js';
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox, showError, showInfo } from '../messages.js';
import { currentSession } from '../session.js';
import '../../styles/admin.css';

/** @typedef {import('../types.js').AdminUser} AdminUser */
/** @typedef {import('../types.js').AdminUnit} AdminUnit */
/** @typedef {import('../types.js').Role} Role */

const HASH = '#/admin/users';
const PAGE_SIZE = 25;
/** @type {Role[]} */
const ROLES = ['agent', 'handler', 'supervisor', 'designer', 'auditor', 'admin'];

/** @param {Record<string, string | number>} params */
function hashOf(params) {
  const kept = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== 1).map(([k, v]) => [k, String(v)]));
  const text = kept.toString();
  return `${HASH}${text ? `?${text}` : ''}`;
}

/** @param {AdminUnit} unit */
const unitLabel = (unit) => `${unit.name} (${unit.unitId})`;

/** @type {import('../routes.js').View} */
export async function renderAdminUsers(container, route) {
  const filters = { q: route.params.get('q') ?? '', unitId: route.params.get('unitId') ?? '', role: route.params.get('role') ?? '' };
  const page = Math.max(1, Number(route.params.get('page') ?? 1) || 1);
  const { units } = await api.adminUnits();
  const unitName = new Map(units.map((u) => [u.unitId, u.name]));
  const me = currentSession()?.user.username;

  /** @param {string} name @param {string} selected @param {{ value: string, label: string }[]} options @param {string} id */
  const select = (name, selected, options, id) =>
    h('select', { id, name }, options.map((o) => h('option', { value: o.value, selected: o.value === selected, text: o.label })));
  const unitOptions = units.map((u) => ({ value: u.unitId, label: unitLabel(u) }));

  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    h('div', { class: 'filter filter-grow' }, h('label', { for: 'users-q', text: t('admin.users.search') }), h('input', { id: 'users-q', name: 'q', type: 'search', value: filters.q, placeholder: t('admin.users.searchHint') })),
    h('div', { class: 'filter' }, h('label', { for: 'users-unit', text: t('admin.users.unit') }), select('unitId', filters.unitId, [{ value: '', label: t('common.all') }, ...unitOptions], 'users-unit')),
    h('div', { class: 'filter' }, h('label', { for: 'users-role', text: t('admin.users.role') }), select('role', filters.role, [{ value: '', label: t('common.all') }, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))], 'users-role')),
    h('button', { type: 'submit', class: 'button button-primary', text: t('common.search') }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = hashOf({ q: valueOf(form, 'q'), unitId: valueOf(form, 'unitId'), role: valueOf(form, 'role') });
  });

  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('common.loading') }));
  const create = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'user-create', text: t('admin.users.create'), onclick: () => void editUser(undefined) });
  mount(
    container,
    h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('admin.users.title') }), h('div', { class: 'panel-tools' }, create)), form, list),
  );

  async function load() {
    try {
      const answer = await api.adminUsers({ ...filters, page, pageSize: PAGE_SIZE });
      mount(
        list,
        answer.items.length === 0
          ? h('div', { class: 'empty', 'data-testid': 'users-empty', text: t('admin.users.empty') })
          : h('div', { class: 'table-wrap' }, h('table', { class: 'table admin-table', 'data-testid': 'users' }, tableHead([t('admin.users.username'), t('admin.users.name'), t('admin.users.roles'), t('admin.users.unit'), t('admin.users.state'), '']), h('tbody', {}, answer.items.map(row)))),
        pager(answer, (to) => (location.hash = hashOf({ ...filters, page: to }))),
      );
    } catch (err) {
      mount(list, errorBox(err));
    }
  }

  /** @param {AdminUser} user */
  function row(user) {
    const state = user.disabled ? ['grey', 'admin.users.disabled'] : user.lockedUntil ? ['amber', 'admin.users.locked'] : ['green', 'admin.users.active'];
    return h(
      'tr',
      { 'data-username': user.username, class: user.disabled ? 'row-muted' : null },
      h('td', { class: 'mono', text: user.username }),
      h('td', { text: user.displayName }),
      h('td', {}, h('span', { class: 'role-list' }, user.roles.map((r) => h('span', { class: 'badge badge-blue', text: t(`role.${r}`) })))),
      h('td', { text: unitName.get(user.unitId) ?? user.unitId }),
      h('td', {}, h('span', { class: `badge badge-${state[0]}`, text: t(/** @type {string} */ (state[1])) })),
      actionsCell(
        h('button', { type: 'button', class: 'button button-small', 'data-action': 'edit', text: t('common.edit'), onclick: () => void editUser(user) }),
        h('button', { type: 'button', class: 'button button-small', 'data-action': 'password', text: t('admin.users.resetPassword'), onclick: () => void resetPassword(user) }),
        user.username !== me &&
          h('button', {
            type: 'button',
            class: `button button-small ${user.disabled ? '' : 'button-danger'}`,
            'data-action': user.disabled ? 'enable' : 'disable',
            text: t(user.disabled ? 'admin.users.enable' : 'admin.users.disable'),
            onclick: () => void setDisabled(user, !user.disabled),
          }),
      ),
    );
  }

  /** @param {AdminUser | undefined} user the one to edit, or none for a new user */
  async function editUser(user) {
    const assignable = units.filter((u) => !u.disabled || u.unitId === user?.unitId);
    const body = [
      !user && field(t('admin.users.username'), h('input', { id: 'user-username', name: 'username', required: true, autocomplete: 'off', pattern: '[a-z0-9][a-z0-9._\\-]{0,63}' }), { required: true, hint: t('admin.users.usernameHint') }),
      field(t('admin.users.name'), h('input', { id: 'user-name', name: 'displayName', required: true, maxlength: 120, value: user?.displayName ?? '' }), { required: true }),
      field(t('admin.users.unit'), select('unitId', user?.unitId ?? '', assignable.map((u) => ({ value: u.unitId, label: unitLabel(u) })), 'user-unit'), { required: true }),
      h(
        'fieldset',
        { class: 'field role-choices' },
        h('legend', { class: 'required', text: t('admin.users.roles') }),
        ROLES.map((r) =>
          h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'roles', value: r, checked: user?.roles.includes(r) ?? false }), h('span', {}, h('strong', { text: t(`role.${r}`) }), h('span', { class: 'muted small', text: t(`admin.role.${r}`) }))),
        ),
      ),
      field(t('admin.users.email'), h('input', { id: 'user-email', name: 'email', type: 'email', value: user?.email ?? '' })),
      !user && field(t('admin.users.initialPassword'), h('input', { id: 'user-password', name: 'password', type: 'password', required: true, minlength: 10, autocomplete: 'new-password' }), { required: true, hint: t('admin.users.passwordHint') }),
    ];
    const saved = await formDialog({
      title: user ? t('admin.users.editTitle', { username: user.username }) : t('admin.users.createTitle'),
      testId: 'user-dialog',
      submitLabel: t('common.save'),
      body,
      submit: (f) => {
        const rolesChosen = new FormData(f).getAll('roles').map(String);
        const email = valueOf(f, 'email');
        const common = { displayName: valueOf(f, 'displayName'), unitId: valueOf(f, 'unitId'), roles: rolesChosen };
        return user
          ? api.updateUser(user.username, { ...common, email: email || null })
          : api.createUser({ ...common, username: valueOf(f, 'username'), password: valueOf(f, 'password'), ...(email ? { email } : {}) });
      },
    }).catch(showError);
    if (saved) {
      showInfo(t(user ? 'admin.users.saved' : 'admin.users.created', { username: saved.username }));
      await load();
    }
  }

  /** @param {AdminUser} user */
  async function resetPassword(user) {
    const done = await formDialog({
      title: t('admin.users.resetTitle', { username: user.username }),
      testId: 'password-dialog',
      submitLabel: t('admin.users.resetPassword'),
      body: [h('p', { class: 'dialog-help', text: t('admin.users.resetHelp') }), field(t('admin.users.newPassword'), h('input', { id: 'new-password', name: 'password', type: 'password', required: true, minlength: 10, autocomplete: 'new-password' }), { required: true, hint: t('admin.users.passwordHint') })],
      submit: (f) => api.resetPassword(user.username, valueOf(f, 'password')).then(() => true),
    }).catch(showError);
    if (done) showInfo(t('admin.users.passwordSet', { username: user.username }));
  }

  /** @param {AdminUser} user @param {boolean} disabled */
  async function setDisabled(user, disabled) {
    const done = await formDialog({
      title: t(disabled ? 'admin.users.disableTitle' : 'admin.users.enableTitle', { username: user.username }),
      testId: 'disable-dialog',
      submitLabel: t(disabled ? 'admin.users.disable' : 'admin.users.enable'),
      danger: disabled,
      body: [h('p', { class: 'dialog-help', text: t(disabled ? 'admin.users.disableHelp' : 'admin.users.enableHelp', { name: user.displayName }) })],
      submit: () => api.updateUser(user.username, { disabled }),
    }).catch(showError);
    if (done) await load();
  }

  await load();
}
