// @ts-check
/**
 * A tiny element builder. Text from the API always goes in as text nodes, never as HTML, so a
 * description or a customer name cannot inject markup.
 */

/**
 * @typedef {Record<string, string | number | boolean | null | undefined | EventListener>} Attrs
 *   `class`, `text`, any attribute, `data-*`, and `on<event>` listeners; null/undefined/false are left out.
 * @typedef {Node | string | number | null | undefined | false} Child
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'value' && 'value' in el) /** @type {HTMLInputElement} */ (el).value = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} parent
 * @param {(Child | Child[])[]} children
 */
export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/**
 * Replaces the content of `parent`.
 * @param {Element} parent
 * @param {...(Child | Child[])} children
 */
export function mount(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * The element with this id; fails loudly when the page lacks it (a bug, not a user error).
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
}

/**
 * The text of a form value; a file (never in these forms) counts as empty.
 * @param {FormDataEntryValue | null} value
 */
export function textOf(value) {
  return typeof value === 'string' ? value : '';
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An SVG element (charts), built like `h`: attributes, `text`, children; text stays text.
 * @param {string} tag
 * @param {Record<string, string | number | null | undefined | false>} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs = {}, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') el.textContent = String(value);
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}
