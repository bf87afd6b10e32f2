// @ts-check
/**
 * #/designer/<id>/diff?a=&b=: two versions of a process side by side (bpmn-js NavigatedViewers),
 * with bpmn-js-differ's changes marked on both (added, removed, changed, moved) and listed; a
 * change in the list shows its element on both sides.
 */
import { deployerName, designerApi } from '../designer/api.js';
import { centerOn, loadBpmnViewer, loadDiffer, showReadable } from '../designer/editors.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import '../../styles/designer.css';

/**
 * @typedef {import('../designer/editors.js').BpmnInstance} BpmnInstance
 * @typedef {'added' | 'removed' | 'changed' | 'layout'} ChangeKind
 * @typedef {{ id: string, $type: string, name?: string }} ModelElement
 * @typedef {{ _added: Record<string, ModelElement>, _removed: Record<string, ModelElement>,
 *   _changed: Record<string, { model: ModelElement, attrs: Record<string, { oldValue: unknown, newValue: unknown }> }>,
 *   _layoutChanged: Record<string, ModelElement> }} DiffResult
 * @typedef {{ id: string, kind: ChangeKind, element: ModelElement, detail: string }} Change
 */

const MARKER = /** @type {const} */ ({ added: 'cl-diff-added', removed: 'cl-diff-removed', changed: 'cl-diff-changed', layout: 'cl-diff-layout' });

/** @param {unknown} value */
const shown = (value) => {
  if (value === undefined || value === null) return '—';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
};

/** @param {DiffResult} result @returns {Change[]} */
function changesOf(result) {
  return [
    ...Object.entries(result._added).map(([id, element]) => ({ id, kind: /** @type {ChangeKind} */ ('added'), element, detail: '' })),
    ...Object.entries(result._removed).map(([id, element]) => ({ id, kind: /** @type {ChangeKind} */ ('removed'), element, detail: '' })),
    ...Object.entries(result._changed).map(([id, change]) => ({
      id,
      kind: /** @type {ChangeKind} */ ('changed'),
      element: change.model,
      // bpmn-js-differ 3 hands jsondiffpatch's [before, after] to ChangeHandler#changed as (newValue, oldValue): its names are swapped
      detail: Object.entries(change.attrs).map(([attr, v]) => `${attr}: ${shown(v.newValue)} → ${shown(v.oldValue)}`).join('; '),
    })),
    ...Object.entries(result._layoutChanged).map(([id, element]) => ({ id, kind: /** @type {ChangeKind} */ ('layout'), element, detail: '' })),
  ];
}

/** @type {import('../routes.js').View} */
export async function renderDesignerDiff(container, route) {
  const id = route.path[1] ?? '';
  const hash = `#/designer/${encodeURIComponent(id)}`;
  const versions = await designerApi.versions(id);
  const pick = (/** @type {string} */ name, /** @type {number} */ fallback) => versions.find((v) => v.version === Number(route.params.get(name))) ?? versions[fallback] ?? versions[0];
  const a = /** @type {import('../designer/api.js').ProcessVersion} */ (pick('a', 1));
  const b = /** @type {import('../designer/api.js').ProcessVersion} */ (pick('b', 0));

  const sideA = h('div', { class: 'designer-diff-canvas', 'data-testid': 'diff-a-canvas' });
  const sideB = h('div', { class: 'designer-diff-canvas', 'data-testid': 'diff-b-canvas' });
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('designer.diff.loading') }));
  const side = (/** @type {typeof a} */ v, /** @type {HTMLElement} */ canvas) =>
    h('figure', { class: 'designer-diff-side' }, h('figcaption', { class: 'small', text: t('designer.diff.side', { version: v.version, by: deployerName(v.deployedBy), comment: v.comment }) }), canvas);
  mount(
    container,
    h(
      'section',
      { class: 'panel', 'data-testid': 'designer-diff' },
      h(
        'div',
        { class: 'panel-head' },
        h('h1', { class: 'panel-title', text: t('designer.diff.title', { id, a: a.version, b: b.version }) }),
        h('div', { class: 'panel-tools' }, h('a', { class: 'button', href: `${hash}/versions`, text: t('designer.versions.link') })),
      ),
      h(
        'div',
        { class: 'panel-body' },
        h(
          'p',
          { class: 'designer-legend small' },
          /** @type {ChangeKind[]} */ (['added', 'removed', 'changed', 'layout']).map((k) => h('span', { class: `designer-legend-item designer-legend-${k}`, text: t(`designer.diff.kind.${k}`) })),
        ),
        h('div', { class: 'designer-diff' }, side(a, sideA), side(b, sideB)),
        h('h2', { class: 'designer-issues-title', text: t('designer.diff.changes') }),
        list,
      ),
    ),
  );

  if (versions[0]?.kind !== 'process') {
    mount(list, h('div', { class: 'empty', text: t('designer.diff.processesOnly') }));
    return;
  }
  const [Viewer, diff, xmlA, xmlB] = await Promise.all([loadBpmnViewer(), loadDiffer(), designerApi.xml(id, a.version), designerApi.xml(id, b.version)]);
  const viewerA = new Viewer({ container: sideA });
  const viewerB = new Viewer({ container: sideB });
  await Promise.all([viewerA.importXML(xmlA), viewerB.importXML(xmlB)]);
  for (const viewer of [viewerA, viewerB]) showReadable(viewer.get('canvas'));

  const changes = changesOf(/** @type {DiffResult} */ (diff(viewerA.getDefinitions(), viewerB.getDefinitions())));
  for (const change of changes) {
    // a removed element exists only on the left, an added one only on the right
    if (change.kind !== 'added' && viewerA.get('elementRegistry').get(change.id)) viewerA.get('canvas').addMarker(change.id, MARKER[change.kind]);
    if (change.kind !== 'removed' && viewerB.get('elementRegistry').get(change.id)) viewerB.get('canvas').addMarker(change.id, MARKER[change.kind]);
  }

  /** @param {string} elementId */
  const show = (elementId) => {
    for (const viewer of [viewerA, viewerB]) {
      const element = viewer.get('elementRegistry').get(elementId);
      if (element) centerOn(viewer.get('canvas'), element);
    }
  };
  // open on the first change, on both sides
  if (changes[0]) show(changes[0].id);
  mount(
    list,
    changes.length === 0
      ? h('div', { class: 'empty', 'data-testid': 'diff-empty', text: t('designer.diff.none') })
      : h(
          'ul',
          { class: 'designer-change-list', 'data-testid': 'diff-changes' },
          changes.map((c) =>
            h(
              'li',
              {},
              h(
                'button',
                { type: 'button', class: 'designer-issue-button', 'data-change': c.kind, 'data-element-id': c.id, onclick: () => show(c.id) },
                h('span', { class: `badge designer-legend-${c.kind}`, text: t(`designer.diff.kind.${c.kind}`) }),
                h('span', { text: c.element.name ?? c.id }),
                h('span', { class: 'mono small muted', text: `${c.element.$type.replace('bpmn:', '')} · ${c.id}` }),
                c.detail && h('span', { class: 'designer-issue-message small', text: c.detail }),
              ),
            ),
          ),
        ),
  );
  return () => {
    viewerA.destroy();
    viewerB.destroy();
  };
}
