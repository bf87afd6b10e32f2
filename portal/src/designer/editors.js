// @ts-check
/**
 * The editors the designer embeds, loaded on first use (Vite splits them into their own chunks):
 * the bpmn-js Modeler with the Zeebe properties panel, Camunda 8 behaviours and Closeloop's
 * element templates; the dmn-js Modeler opened on the decision table; and NavigatedViewers for
 * the side-by-side diff.
 */

/**
 * The parts of bpmn-js / dmn-js the designer uses.
 * @typedef {{ id: string, type: string, x?: number, y?: number, width?: number, height?: number,
 *   businessObject: { name?: string, $attrs?: Record<string, string> } }} Shape
 * @typedef {{ get(id: string): Shape | undefined, getAll(): Shape[] }} Registry
 * @typedef {{ x: number, y: number, width: number, height: number }} Box
 * @typedef {{ addMarker(id: string, marker: string): void, removeMarker(id: string, marker: string): void,
 *   zoom(level: 'fit-viewport' | number, center?: 'auto'): number,
 *   viewbox(box?: Box): Box & { scale: number, inner: Box, outer: { width: number, height: number } } }} Canvas
 * @typedef {{ on(event: string, callback: (event: any) => void): void, off(event: string, callback: (event: any) => void): void }} EventBus
 * @typedef {{ importXML(xml: string): Promise<{ warnings: unknown[] }>, saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>,
 *   destroy(): void, getDefinitions(): unknown,
 *   get(name: 'canvas'): Canvas, get(name: 'elementRegistry'): Registry, get(name: 'eventBus'): EventBus,
 *   get(name: 'selection'): { select(element: Shape): void },
 *   get(name: 'elementTemplates'): { applyTemplate(element: Shape, template: unknown): Shape } }} BpmnInstance
 * @typedef {new (options: Record<string, unknown>) => BpmnInstance} BpmnConstructor
 * @typedef {{ type: string, element: { id: string } }} DmnView
 * @typedef {{ importXML(xml: string): Promise<{ warnings: unknown[] }>, saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>,
 *   destroy(): void, getViews(): DmnView[], open(view: DmnView): Promise<unknown>, getActiveViewer(): { get(name: 'eventBus'): EventBus } | undefined }} DmnInstance
 */

/**
 * Loads a module once; a failed load is tried again next time.
 * @template T
 * @param {() => Promise<T>} load
 * @returns {() => Promise<T>}
 */
function once(load) {
  /** @type {Promise<T> | undefined} */
  let loading;
  return () => {
    loading ??= load().catch((err) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };
}

const bpmnStyles = () =>
  Promise.all([import('bpmn-js/dist/assets/diagram-js.css'), import('bpmn-js/dist/assets/bpmn-js.css'), import('bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css')]);

/** The Modeler and the additional modules it runs with. */
export const loadBpmnModeler = once(async () => {
  const [modeler, panel, behaviors, templates, zeebe] = await Promise.all([
    import('bpmn-js/lib/Modeler'),
    import('bpmn-js-properties-panel'),
    import('camunda-bpmn-js-behaviors/lib/camunda-cloud'),
    import('bpmn-js-element-templates'),
    import('zeebe-bpmn-moddle/resources/zeebe.json'),
    bpmnStyles(),
    import('@bpmn-io/properties-panel/dist/assets/properties-panel.css'),
    import('bpmn-js-element-templates/dist/assets/element-templates.css'),
  ]);
  return {
    Modeler: /** @type {BpmnConstructor} */ (/** @type {unknown} */ (modeler.default)),
    additionalModules: [
      panel.BpmnPropertiesPanelModule,
      panel.BpmnPropertiesProviderModule,
      panel.ZeebePropertiesProviderModule,
      behaviors.default,
      templates.CloudElementTemplatesPropertiesProviderModule,
    ],
    moddleExtensions: { zeebe: zeebe.default },
  };
});

export const loadBpmnViewer = once(async () => {
  const [viewer] = await Promise.all([import('bpmn-js/lib/NavigatedViewer'), bpmnStyles()]);
  return /** @type {BpmnConstructor} */ (/** @type {unknown} */ (viewer.default));
});

export const loadDmnModeler = once(async () => {
  const [modeler] = await Promise.all([
    import('dmn-js/lib/Modeler'),
    import('dmn-js/dist/assets/diagram-js.css'),
    import('dmn-js/dist/assets/dmn-js-shared.css'),
    import('dmn-js/dist/assets/dmn-js-drd.css'),
    import('dmn-js/dist/assets/dmn-js-decision-table.css'),
    import('dmn-js/dist/assets/dmn-js-decision-table-controls.css'),
    import('dmn-js/dist/assets/dmn-font/css/dmn-embedded.css'),
  ]);
  return /** @type {new (options: Record<string, unknown>) => DmnInstance} */ (/** @type {unknown} */ (modeler.default));
});

export const loadDiffer = once(async () => (await import('bpmn-js-differ')).diff);

/** Diagrams drawn smaller than this are hard to read: the view starts at READABLE_SCALE instead. */
const MIN_READABLE_SCALE = 0.55;
const READABLE_SCALE = 0.8;

/**
 * Shows the whole diagram, or, when that makes it too small to read (work-order.bpmn is wide),
 * its left part at a readable scale: the flow starts there.
 * @param {Canvas} canvas
 */
export function showReadable(canvas) {
  canvas.zoom('fit-viewport', 'auto');
  const box = canvas.viewbox();
  if (box.scale >= MIN_READABLE_SCALE) return;
  const width = box.outer.width / READABLE_SCALE;
  const height = box.outer.height / READABLE_SCALE;
  canvas.viewbox({ x: box.inner.x - 20, y: box.inner.y + box.inner.height / 2 - height / 2, width, height });
}

/**
 * Centres the view on `element` at a readable scale.
 * @param {Canvas} canvas @param {Shape} element
 */
export function centerOn(canvas, element) {
  const box = canvas.viewbox();
  const width = box.outer.width / READABLE_SCALE;
  const height = box.outer.height / READABLE_SCALE;
  const cx = (element.x ?? 0) + (element.width ?? 0) / 2;
  const cy = (element.y ?? 0) + (element.height ?? 0) / 2;
  canvas.viewbox({ x: cx - width / 2, y: cy - height / 2, width, height });
}
