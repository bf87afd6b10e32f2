// @ts-check
/**
 * The work order's process diagram: bpmn-js NavigatedViewer (pan and zoom, no editing), with
 * the current steps (`activeElementIds`) and the finished ones (`completedElementIds`,
 * `completedFlowIds`) marked by CSS classes (styles/portal.css, `.cl-active`, `.cl-done`).
 */

/** @typedef {import('./types.js').Progress} Progress */

/**
 * The part of bpmn-js the portal uses.
 * @typedef {{ x: number, y: number, width: number, height: number }} Box
 * @typedef {{ addMarker(id: string, marker: string): void, removeMarker(id: string, marker: string): void,
 *   zoom(level: 'fit-viewport' | number, center?: 'auto'): number,
 *   viewbox(box?: Box): Box & { scale: number, inner: Box, outer: { width: number, height: number } } }} Canvas
 * @typedef {{ id: string, type: string, x?: number, y?: number, width?: number, height?: number,
 *   businessObject: { name?: string }, source?: DiagramElement, target?: DiagramElement,
 *   incoming?: DiagramElement[] }} DiagramElement
 * @typedef {{ getAll(): DiagramElement[], get(id: string): DiagramElement | undefined }} ElementRegistry
 * @typedef {{ position: { top?: number, left?: number, right?: number, bottom?: number }, html: HTMLElement }} Overlay
 * @typedef {{ add(elementId: string, type: string, overlay: Overlay): string, remove(filter: { type?: string, element?: string }): void }} Overlays
 * @typedef {{ importXML(xml: string): Promise<{ warnings: unknown[] }>, destroy(): void,
 *   get(name: 'canvas'): Canvas, get(name: 'elementRegistry'): ElementRegistry, get(name: 'overlays'): Overlays }} Viewer
 * @typedef {new (options: { container: HTMLElement }) => Viewer} ViewerConstructor
 */

/** Below this scale the labels are too small to read; the view then zooms to READABLE_SCALE around the current step. */
const MIN_READABLE_SCALE = 0.7;
const READABLE_SCALE = 0.85;

/** @type {Promise<ViewerConstructor> | undefined} */
let viewerLoading;

/**
 * Loads the viewer once, when the first diagram is shown: Vite splits it into its own chunk,
 * so the login page and the lists do not download bpmn-js.
 */
export function loadViewer() {
  viewerLoading ??= Promise.all([
    import('bpmn-js/lib/NavigatedViewer'),
    import('bpmn-js/dist/assets/diagram-js.css'),
    import('bpmn-js/dist/assets/bpmn-js.css'),
  ])
    .then(([viewer]) => /** @type {ViewerConstructor} */ (/** @type {unknown} */ (viewer.default)))
    .catch((err) => {
      viewerLoading = undefined;
      throw err;
    });
  return viewerLoading;
}

const isGateway = (/** @type {DiagramElement | undefined} */ el) => Boolean(el?.type.endsWith('Gateway'));

/**
 * The sequence flows (and the gateways between them) a work order has passed, when the API
 * names only the steps: a flow into a passed or current step counts as passed when it comes
 * from a passed step, directly or through gateways only. An approximation: in a loop it may
 * also mark a branch that was not taken this time round.
 * @param {ElementRegistry} registry
 * @param {Set<string>} completed
 * @param {Set<string>} active
 * @returns {string[]}
 */
function inferredPath(registry, completed, active) {
  /** @type {Set<string>} */
  const path = new Set();
  /**
   * Walks back from `node` through gateways; true when a passed step is reached.
   * @param {DiagramElement} node
   * @param {Set<string>} seen gateways on the current walk (loops of gateways end here)
   * @returns {boolean}
   */
  const walkBack = (node, seen) => {
    let reached = false;
    for (const flow of node.incoming ?? []) {
      const source = flow.source;
      if (!source || flow.type !== 'bpmn:SequenceFlow') continue;
      let found = false;
      if (completed.has(source.id)) found = true;
      else if (isGateway(source) && !seen.has(source.id)) found = walkBack(source, new Set([...seen, source.id]));
      if (found) {
        path.add(flow.id);
        if (isGateway(source)) path.add(source.id);
        reached = true;
      }
    }
    return reached;
  };
  for (const id of [...completed, ...active]) {
    const el = registry.get(id);
    if (el && !isGateway(el)) walkBack(el, new Set());
  }
  return [...path];
}

export class ProgressDiagram {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    /** @type {Viewer | undefined} */
    this.viewer = undefined;
    /** @type {string | undefined} */
    this.xml = undefined;
    /** @type {string[]} */
    this.marked = [];
    /** @type {string[]} */
    this.active = [];
    /** @type {string[]} */
    this.completed = [];
    this.xmlShownOnce = false;
  }

  /**
   * Shows `progress`: imports the diagram when it changed, then moves the markers.
   * @param {Progress} progress
   */
  async show(progress) {
    const Viewer = await loadViewer();
    this.viewer ??= new Viewer({ container: this.container });
    const viewer = this.viewer;
    if (this.xml !== progress.bpmnXml) {
      await viewer.importXML(progress.bpmnXml);
      this.xml = progress.bpmnXml;
      this.marked = [];
      this.xmlShownOnce = false;
    }
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    for (const id of this.marked) {
      canvas.removeMarker(id, 'cl-active');
      canvas.removeMarker(id, 'cl-done');
    }
    this.marked = [];
    /** @param {string} id @param {string} marker */
    const mark = (id, marker) => {
      // an id of an older diagram version may be missing from this one: skip it
      if (!registry.get(id)) return;
      canvas.addMarker(id, marker);
      this.marked.push(id);
    };
    const active = new Set(progress.activeElementIds);
    const passed = progress.completedFlowIds
      ? [...progress.completedElementIds, ...progress.completedFlowIds]
      : [...progress.completedElementIds, ...inferredPath(registry, new Set(progress.completedElementIds), active)];
    for (const id of passed) if (!active.has(id)) mark(id, 'cl-done');
    for (const id of progress.activeElementIds) mark(id, 'cl-active');
    this.container.dataset.active = progress.activeElementIds.join(' ');
    // keep the user's pan and zoom while the work order stays at its step; move to a new step
    const stepChanged = this.active.join(' ') !== progress.activeElementIds.join(' ');
    this.active = progress.activeElementIds;
    this.completed = progress.completedElementIds;
    if (!this.xmlShownOnce || stepChanged) {
      this.focus();
      this.xmlShownOnce = true;
    }
  }

  /**
   * The first view of a diagram, and the view after the work order moved to another step: all
   * of it when it is readable so, else a readable zoom centred on the current steps (on the end
   * reached when finished, on the top left when neither), kept inside the diagram's extent.
   * Pan and zoom keep working; fit() shows everything.
   */
  focus() {
    const viewer = this.viewer;
    if (!viewer || this.container.clientWidth === 0) return;
    const canvas = viewer.get('canvas');
    canvas.zoom('fit-viewport', 'auto');
    const { scale, inner, outer } = canvas.viewbox();
    if (scale >= MIN_READABLE_SCALE) return;
    const registry = viewer.get('elementRegistry');
    /** @param {string[]} ids @param {(el: DiagramElement) => boolean} [keep] */
    const shapesOf = (ids, keep = () => true) =>
      /** @type {DiagramElement[]} */ (ids.map((id) => registry.get(id)).filter((el) => el !== undefined && el.width !== undefined && keep(el)));
    // the current steps; for a finished work order the end it reached
    const active = shapesOf(this.active);
    const targets = active.length > 0 ? active : shapesOf(this.completed, (el) => el.type === 'bpmn:EndEvent');
    const centerX =
      targets.length > 0
        ? targets.reduce((sum, el) => sum + (el.x ?? 0) + (el.width ?? 0) / 2, 0) / targets.length
        : inner.x + outer.width / READABLE_SCALE / 2;
    const width = outer.width / READABLE_SCALE;
    const height = outer.height / READABLE_SCALE;
    const centerY =
      targets.length > 0
        ? targets.reduce((sum, el) => sum + (el.y ?? 0) + (el.height ?? 0) / 2, 0) / targets.length
        : inner.y - 20 + height / 2;
    // keep the view inside the diagram's extent where it can be
    /** @param {number} start @param {number} size @param {number} extentStart @param {number} extentSize */
    const clamp = (start, size, extentStart, extentSize) =>
      size >= extentSize + 40 ? extentStart + extentSize / 2 - size / 2 : Math.max(extentStart - 20, Math.min(start, extentStart + extentSize + 20 - size));
    const x = clamp(centerX - width / 2, width, inner.x, inner.width);
    const y = clamp(centerY - height / 2, height, inner.y, inner.height);
    canvas.viewbox({ x, y, width, height });
  }

  /** Fits the whole diagram into the frame (after panning or zooming). */
  fit() {
    this.viewer?.get('canvas').zoom('fit-viewport', 'auto');
  }

  /**
   * Names of the diagram's elements, for the history ("Activity_Accept" -> "Accept").
   * @returns {Map<string, string>}
   */
  names() {
    /** @type {Map<string, string>} */
    const names = new Map();
    for (const el of this.viewer?.get('elementRegistry').getAll() ?? []) {
      if (el.businessObject.name) names.set(el.id, el.businessObject.name.replace(/\s+/g, ' '));
    }
    return names;
  }

  destroy() {
    this.viewer?.destroy();
    this.viewer = undefined;
  }
}
