// @ts-check
/**
 * #/designer/<id>/versions: every version of a process or decision, newest first: who deployed
 * it, when, why, and how many open work orders run on it; two versions picked here are compared
 * side by side (#/designer/<id>/diff?a=&b=).
 */
import { deployerName, designerApi } from '../designer/api.js';
import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { hasRole } from '../session.js';
import '../../styles/designer.css';

/** @typedef {import('../designer/api.js').ProcessVersion} ProcessVersion */

/** @type {import('../routes.js').View} */
export async function renderDesignerVersions(container, route) {
  const id = route.path[1] ?? '';
  const hash = `#/designer/${encodeURIComponent(id)}`;
  const versions = await designerApi.versions(id);
  const newest = versions[0];
  const older = versions[1] ?? newest;

  /** @param {string} name @param {ProcessVersion | undefined} chosen */
  const versionSelect = (name, chosen) =>
    h(
      'select',
      { id: `diff-${name}`, name, 'data-testid': `diff-${name}` },
      versions.map((v) => h('option', { value: String(v.version), selected: v.version === chosen?.version, text: t('designer.versionBy', { version: v.version, by: deployerName(v.deployedBy) }) })),
    );
  const a = versionSelect('a', older);
  const b = versionSelect('b', newest);
  const compare = h('form', {
    class: 'panel-body designer-compare',
    onsubmit: (event) => {
      event.preventDefault();
      location.hash = `${hash}/diff?a=${a.value}&b=${b.value}`;
    },
  });
  mount(
    compare,
    h('div', { class: 'field' }, h('label', { for: 'diff-a', text: t('designer.versions.from') }), a),
    h('div', { class: 'field' }, h('label', { for: 'diff-b', text: t('designer.versions.to') }), b),
    h('button', { type: 'submit', class: 'button', 'data-testid': 'compare', disabled: versions.length < 2, text: t('designer.versions.compare') }),
  );

  mount(
    container,
    h(
      'section',
      { class: 'panel', 'data-testid': 'designer-versions' },
      h(
        'div',
        { class: 'panel-head' },
        h('h1', { class: 'panel-title', text: t('designer.versions.title', { id }) }),
        h('div', { class: 'panel-tools' }, hasRole('designer') && h('a', { class: 'button button-primary', href: hash, text: t('designer.versions.edit') }), h('a', { class: 'button', href: '#/designer', text: t('designer.backToList') })),
      ),
      compare,
      versions.length === 0
        ? h('div', { class: 'empty', text: t('designer.versions.empty') })
        : h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table', 'data-testid': 'version-list' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['version', 'by', 'at', 'comment', 'running'].map((c) => h('th', { scope: 'col', text: t(`designer.versions.col.${c}`) })),
                ),
              ),
              h(
                'tbody',
                {},
                versions.map((v) =>
                  h(
                    'tr',
                    { 'data-version': String(v.version) },
                    h('td', { class: 'num', text: `v${v.version}` }),
                    h('td', { 'data-testid': 'deployed-by', text: deployerName(v.deployedBy) }),
                    h('td', { class: 'nowrap', text: formatDateTime(v.deployedAt) }),
                    h('td', { class: 'designer-comment', 'data-testid': 'version-comment', text: v.comment }),
                    h('td', { class: 'num', text: v.running === null ? '—' : String(v.running) }),
                  ),
                ),
              ),
            ),
          ),
    ),
  );
}
