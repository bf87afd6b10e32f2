// @ts-check
/**
 * #/designer: the processes and decisions the engine runs, each with its newest version (who,
 * when, why), how many versions it has, and how many open work orders run on each version.
 */
import { deployerName, designerApi } from '../designer/api.js';
import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { hasRole } from '../session.js';
import { reportError } from '../sla.js';
import { linkTable } from '../ui.js';
import '../../styles/designer.css';

/** @typedef {import('../designer/api.js').ProcessResource} ProcessResource */

const editorHash = (/** @type {ProcessResource} */ r) => `#/designer/${encodeURIComponent(r.resourceId)}`;

/** @param {ProcessResource} r */
function runningCell(r) {
  if (r.running === null) return h('span', { class: 'muted', title: t('designer.running.untracked'), text: '—' });
  if (r.running.length === 0) return h('span', { class: 'muted', text: t('designer.running.none') });
  return h('span', { class: 'designer-running' }, r.running.map((v) => h('span', { class: 'badge', text: t('designer.running.onVersion', { version: v.version, open: v.open }) })));
}

/** @type {import('../routes.js').View} */
export async function renderDesignerList(container) {
  const edits = hasRole('designer');
  const results = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('designer.list.loading') }));
  mount(
    container,
    h(
      'section',
      { class: 'panel', 'data-testid': 'designer-list' },
      h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('designer.list.title') })),
      h('p', { class: 'panel-body muted small', text: t(edits ? 'designer.list.intro' : 'designer.list.introReader') }),
      results,
    ),
  );

  async function load() {
    try {
      const resources = await designerApi.resources();
      mount(
        results,
        linkTable({
          testId: 'process-list',
          rows: resources,
          href: editorHash,
          empty: t('designer.list.empty'),
          columns: [
            {
              label: t('designer.list.resource'),
              cell: (r) => h('span', { class: 'stack' }, h('a', { href: editorHash(r), class: 'mono', text: r.resourceId }), h('span', { class: 'muted small', text: r.resourceName })),
            },
            { label: t('designer.list.kind'), cell: (r) => t(`designer.kind.${r.kind}`) },
            {
              label: t('designer.list.latest'),
              cell: (r) =>
                h(
                  'span',
                  { class: 'stack' },
                  h('span', { text: t('designer.versionBy', { version: r.latest.version, by: deployerName(r.latest.deployedBy) }) }),
                  h('span', { class: 'muted small', text: formatDateTime(r.latest.deployedAt) }),
                ),
            },
            { label: t('designer.list.versions'), cell: (r) => h('a', { href: `${editorHash(r)}/versions`, text: t('designer.list.versionCount', { n: r.versionCount }) }), className: 'nowrap' },
            { label: t('designer.list.running'), cell: runningCell },
          ],
        }),
      );
    } catch (err) {
      mount(results, reportError(err, () => void load()));
    }
  }
  await load();
}
