// @ts-check
/**
 * #/admin/departments: the unit tree (center, departments, teams) with each unit's active users;
 * create a department or team, rename one, disable or enable it. The API refuses to disable a
 * unit that still has active users, open work orders or enabled units below it (DEPARTMENT_IN_USE).
 */
import { actionsCell, field, tableHead, valueOf } from '../admin-ui.js';
import { formDialog } from '../form-dialog.js';
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { showError, showInfo } from '../messages.js';
import '../../styles/admin.css';

/** @typedef {import('../types.js').AdminUnit} AdminUnit */

/**
 * Units parents first, each followed by the units below it, with their depth.
 * @param {AdminUnit[]} units @returns {{ unit: AdminUnit, depth: number }[]}
 */
function treeOrder(units) {
  /** @type {{ unit: AdminUnit, depth: number }[]} */
  const ordered = [];
  /** @param {string | null} parentId @param {number} depth */
  const visit = (parentId, depth) => {
    for (const unit of units.filter((u) => u.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push({ unit, depth });
      visit(unit.unitId, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

/** @type {import('../routes.js').View} */
export async function renderAdminDepartments(container) {
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('common.loading') }));
  /** @type {AdminUnit[]} */
  let units = [];
  const create = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'unit-create', text: t('admin.units.create'), onclick: () => void createUnit() });
  mount(container, h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('admin.units.title') }), h('div', { class: 'panel-tools' }, create)), list));

  async function load() {
    units = (await api.adminUnits()).units;
    mount(
      list,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table admin-table', 'data-testid': 'units' },
          tableHead([t('admin.units.name'), t('admin.units.id'), t('admin.units.kind'), t('admin.units.activeUsers'), t('admin.users.state'), ''], [3]),
          h('tbody', {}, treeOrder(units).map(({ unit, depth }) => row(unit, depth))),
        ),
      ),
    );
  }

  /** @param {AdminUnit} unit @param {number} depth */
  function row(unit, depth) {
    return h(
      'tr',
      { 'data-unit': unit.unitId, class: unit.disabled ? 'row-muted' : null },
      h('td', {}, h('span', { class: 'unit-name', style: `padding-inline-start: ${depth * 18}px`, text: unit.name })),
      h('td', { class: 'mono', text: unit.unitId }),
      h('td', { text: t(`admin.units.kind.${unit.kind}`) }),
      h('td', { class: 'num', text: unit.activeUsers }),
      h('td', {}, h('span', { class: `badge badge-${unit.disabled ? 'grey' : 'green'}`, text: t(unit.disabled ? 'admin.units.disabled' : 'admin.units.enabled') })),
      actionsCell(
        h('button', { type: 'button', class: 'button button-small', 'data-action': 'rename', text: t('admin.units.rename'), onclick: () => void rename(unit) }),
        unit.kind !== 'center' &&
          h('button', {
            type: 'button',
            class: `button button-small ${unit.disabled ? '' : 'button-danger'}`,
            'data-action': unit.disabled ? 'enable' : 'disable',
            text: t(unit.disabled ? 'admin.units.enable' : 'admin.units.disable'),
            onclick: () => void setDisabled(unit, !unit.disabled),
          }),
      ),
    );
  }

  async function createUnit() {
    const parents = units.filter((u) => !u.disabled && u.kind !== 'team');
    const saved = await formDialog({
      title: t('admin.units.createTitle'),
      testId: 'unit-dialog',
      submitLabel: t('common.save'),
      body: [
        field(t('admin.units.name'), h('input', { id: 'unit-name', name: 'name', required: true, maxlength: 120 }), { required: true }),
        field(t('admin.units.id'), h('input', { id: 'unit-id', name: 'unitId', required: true, pattern: '[a-z0-9][a-z0-9\\-]{0,62}', autocomplete: 'off' }), { required: true, hint: t('admin.units.idHint') }),
        field(t('admin.units.kind'), h('select', { id: 'unit-kind', name: 'kind' }, ['department', 'team'].map((k) => h('option', { value: k, text: t(`admin.units.kind.${k}`) }))), { required: true }),
        field(t('admin.units.parent'), h('select', { id: 'unit-parent', name: 'parentId' }, parents.map((u) => h('option', { value: u.unitId, text: `${u.name} (${u.unitId})` }))), { required: true }),
      ],
      submit: (f) => api.createUnit({ name: valueOf(f, 'name'), unitId: valueOf(f, 'unitId'), kind: valueOf(f, 'kind'), parentId: valueOf(f, 'parentId') }),
    }).catch(showError);
    if (saved) {
      showInfo(t('admin.units.created', { name: saved.name }));
      await load();
    }
  }

  /** @param {AdminUnit} unit */
  async function rename(unit) {
    const saved = await formDialog({
      title: t('admin.units.renameTitle', { id: unit.unitId }),
      testId: 'unit-dialog',
      submitLabel: t('common.save'),
      body: [field(t('admin.units.name'), h('input', { id: 'unit-name', name: 'name', required: true, maxlength: 120, value: unit.name }), { required: true })],
      submit: (f) => api.updateUnit(unit.unitId, { name: valueOf(f, 'name') }),
    }).catch(showError);
    if (saved) await load();
  }

  /** @param {AdminUnit} unit @param {boolean} disabled */
  async function setDisabled(unit, disabled) {
    const saved = await formDialog({
      title: t(disabled ? 'admin.units.disableTitle' : 'admin.units.enableTitle', { name: unit.name }),
      testId: 'unit-disable-dialog',
      submitLabel: t(disabled ? 'admin.units.disable' : 'admin.units.enable'),
      danger: disabled,
      body: [h('p', { class: 'dialog-help', text: t(disabled ? 'admin.units.disableHelp' : 'admin.units.enableHelp') })],
      submit: () => api.updateUnit(unit.unitId, { disabled }),
    }).catch(showError);
    if (saved) await load();
  }

  await load();
}
