// @ts-check
/**
 * #/admin/sla[?policy=id]: admins' SLA policies. The table shows each policy's current version:
 * which work orders it is for (type, customer tier, priority) and the time limit (时限) of each
 * clock in working minutes. Editing one saves its next version; its versions list who saved
 * what and when. The escalation ladder is kept as it is (shown, not edited here).
 */
import '../../styles/admin-sla.css';
import { api } from '../api.js';
import { field } from '../admin-ui.js';
import { pinningNote, saveOnce, versionTable } from '../admin-sla-parts.js';
import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { PRIORITIES, TIERS, WORK_ORDER_TYPES as TYPES } from '../work-order-codes.js';
import { showError, showInfo } from '../messages.js';

/** @typedef {import('../types.js').SlaPolicy} SlaPolicy */

const KINDS = /** @type {const} */ (['acceptance', 'handling', 'review', 'verification', 'resolution']);

/** @param {string} [policy] @param {number} [saved] */
const hashOf = (policy, saved) => `#/admin/sla${policy ? `?policy=${encodeURIComponent(policy)}${saved ? `&saved=${saved}` : ''}` : ''}`;

/**
 * Working minutes as working hours (`24 h`, `7 h 30 min`): never days, which would read as
 * calendar days while a limit of 1440 working minutes is three working days.
 * @param {number | undefined} minutes
 */
function workingTime(minutes) {
  if (minutes === undefined) return '—';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t('adminSla.workingMinutes', { m: rest });
  return rest ? t('adminSla.workingHoursMinutes', { h: hours, m: rest }) : t('adminSla.workingHoursOnly', { h: hours });
}

/** @param {string[] | undefined} values @param {string} prefix */
const matchText = (values, prefix) => (values ? values.map((v) => t(`${prefix}.${v}`)).join(', ') : t('adminSla.any'));

/** @type {import('../routes.js').View} */
export async function renderAdminSla(container, route) {
  const policies = await api.slaPolicies();
  const chosen = policies.find((p) => p.policyId === route.params.get('policy'));
  const editor = h('div', { 'data-testid': 'policy-editor' });

  const table =
    policies.length === 0
      ? h('div', { class: 'empty', text: t('adminSla.noPolicies') })
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table', 'data-testid': 'policies' },
            h(
              'thead',
              {},
              h('tr', {}, [t('adminSla.policy'), t('adminSla.types'), t('adminSla.tiers'), t('adminSla.priorities'), ...KINDS.map((k) => t(`adminSla.kind.${k}`)), t('adminSla.version')].map((label) => h('th', { scope: 'col', text: label }))),
            ),
            h(
              'tbody',
              {},
              policies.map((p) =>
                h(
                  'tr',
                  { class: p.policyId === chosen?.policyId ? 'row-selected' : null, 'data-policy': p.policyId },
                  h('td', {}, h('a', { href: hashOf(p.policyId), text: p.name }), h('div', { class: 'muted mono', text: p.policyId })),
                  h('td', { text: matchText(p.match.types, 'adminSla.type') }),
                  h('td', { text: matchText(p.match.tiers, 'adminSla.tier') }),
                  h('td', { text: matchText(p.match.priorities, 'adminSla.priority') }),
                  KINDS.map((k) => h('td', { class: 'nowrap', text: workingTime(p.targets[k]) })),
                  h('td', { class: 'nowrap' }, h('span', { class: 'mono', text: `v${p.version}` }), h('div', { class: 'muted', text: `${p.savedBy} · ${formatDateTime(p.savedAt)}` })),
                ),
              ),
            ),
          ),
        );

  mount(
    container,
    h(
      'section',
      { class: 'panel' },
      h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('adminSla.policiesTitle') })),
      h('div', { class: 'panel-body' }, pinningNote(), h('p', { class: 'hint', text: t('adminSla.policiesHint') })),
      table,
    ),
    editor,
  );
  if (chosen) await drawEditor(editor, chosen);
}

/** @param {HTMLElement} editor @param {SlaPolicy} policy */
async function drawEditor(editor, policy) {
  const name = h('input', { id: 'policy-name', value: policy.name, maxlength: 120, required: true });
  /** @param {string} group @param {string[]} values @param {string[] | undefined} selected @param {string} prefix */
  const checks = (group, values, selected, prefix) =>
    h(
      'fieldset',
      { class: 'policy-match', 'data-group': group },
      h('legend', { text: t(`adminSla.${group}`) }),
      values.map((v) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: group, value: v, checked: selected?.includes(v) ?? false }), t(`${prefix}.${v}`))),
      h('span', { class: 'hint', text: t('adminSla.noneMeansAll') }),
    );
  const targets = KINDS.map((k) => h('input', { id: `target-${k}`, type: 'number', min: 1, max: 525600, step: 1, value: policy.targets[k] === undefined ? '' : String(policy.targets[k]), required: k === 'resolution' }));
  const warnings = h('input', { id: 'policy-warnings', value: policy.warningPercents.join(', '), inputmode: 'numeric' });
  const comment = h('input', { id: 'policy-comment', maxlength: 500, required: true, placeholder: t('adminSla.policyCommentPlaceholder') });
  const problem = h('div', { class: 'form-problem' });
  const saveButton = h('button', { type: 'submit', class: 'button button-primary', text: t('adminSla.savePolicy') });
  const form = h(
    'form',
    { class: 'policy-form', 'data-testid': 'policy-form' },
    field(t('adminSla.policyName'), name),
    h('div', { class: 'policy-matches' }, checks('types', TYPES, policy.match.types, 'adminSla.type'), checks('tiers', TIERS, policy.match.tiers, 'adminSla.tier'), checks('priorities', PRIORITIES, policy.match.priorities, 'adminSla.priority')),
    h('fieldset', { class: 'policy-targets' }, h('legend', { text: t('adminSla.limits') }), KINDS.map((k, i) => field(t(`adminSla.kind.${k}`), /** @type {HTMLInputElement} */ (targets[i]), { hint: k === 'resolution' ? t('adminSla.required') : t('adminSla.emptyNotMeasured') }))),
    field(t('adminSla.warnings'), warnings, { hint: t('adminSla.warningsHint') }),
    h('p', { class: 'muted', text: t('adminSla.ladderKept', { levels: policy.ladder.map((l) => `${l.level}: +${workingTime(l.afterMinutes)} → ${t(`adminSla.audience.${l.notify}`)}`).join('; ') }) }),
    field(t('adminSla.comment'), comment),
    problem,
    saveButton,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    /** @param {string} group */
    const checked = (group) => [...form.querySelectorAll(`input[name="${group}"]:checked`)].map((el) => /** @type {HTMLInputElement} */ (el).value);
    /** @param {string[]} list */
    const orAll = (list) => (list.length ? list : undefined);
    const body = {
      policyId: policy.policyId,
      name: name.value.trim(),
      match: { types: orAll(checked('types')), tiers: orAll(checked('tiers')), priorities: orAll(checked('priorities')) },
      targets: Object.fromEntries(KINDS.flatMap((k, i) => (targets[i]?.value ? [[k, Number(targets[i]?.value)]] : []))),
      warningPercents: warnings.value.split(/[,，\s]+/).filter(Boolean).map(Number),
      ladder: policy.ladder,
      ...(policy.escalateEveryUrges ? { escalateEveryUrges: policy.escalateEveryUrges } : {}),
      comment: comment.value.trim(),
      // the version this form was opened on: a save after someone else's is refused, not merged
      basedOnVersion: policy.version,
    };
    saveOnce(saveButton, problem, () => api.saveSlaPolicy(body), (saved) => {
      showInfo(t('adminSla.savedVersion', { id: saved.policyId, version: saved.version }));
      location.hash = hashOf(saved.policyId, saved.version);
    });
  });
  const versions = h('div', {}, h('p', { class: 'loading', text: t('common.loading') }));
  mount(
    editor,
    h(
      'div',
      { class: 'admin-sla-columns' },
      h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', text: t('adminSla.editPolicy', { name: policy.name }) })), h('div', { class: 'panel-body' }, form)),
      h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', text: t('adminSla.versions') })), versions),
    ),
  );
  try {
    mount(versions, versionTable(await api.slaPolicyVersions(policy.policyId), 'policy-versions'));
  } catch (err) {
    showError(err);
  }
}
