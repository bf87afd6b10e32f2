// @ts-check
/**
 * The compliance report's two charts, drawn as plain inline SVG: bars are a handful of
 * rectangles, so a charting library (and its script served beside bpmn-js) would add weight,
 * a CSP exception or a bundler for nothing. Each chart is a figure with a caption, an SVG with
 * role="img", a title and a description that states the numbers, and a <title> tooltip per bar;
 * the table under the charts holds the same numbers for screen readers and copying. Colours are
 * from the Okabe–Ito palette (told apart with the common colour-vision deficiencies), and every
 * bar also carries its number as text, so colour is never the only cue.
 */
import { h, svg } from './dom.js';
import { formatMinutes, formatRate } from './format.js';
import { t } from './i18n.js';

/** @typedef {import('./types.js').ComplianceRow} ComplianceRow */

const WIDTH = 640;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 170;
const BAR_LEFT = LABEL_WIDTH + 8;
const BAR_WIDTH = WIDTH - BAR_LEFT - VALUE_WIDTH - 8;
const ROW = 30;
const TOP = 6;

let chartSeq = 0;

/**
 * A label cut to fit the label column, with the full text as its tooltip.
 * @param {string} text
 * @param {number} y
 */
function rowLabel(text, y) {
  const short = text.length > 22 ? `${text.slice(0, 21)}…` : text;
  return svg('text', { x: LABEL_WIDTH, y, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'chart-label' }, svg('title', { text }), short);
}

/**
 * @param {string} caption
 * @param {string} description what the chart shows, numbers included
 * @param {number} rows
 * @param {{ label: string, className: string }[]} legend
 * @param {import('./dom.js').Child[]} content
 */
function figure(caption, description, rows, legend, content) {
  const id = `chart-${++chartSeq}`;
  const height = TOP * 2 + rows * ROW;
  return h(
    'figure',
    { class: 'chart' },
    h(
      'figcaption',
      { class: 'chart-caption' },
      h('span', { class: 'chart-title', text: caption }),
      h('span', { class: 'chart-legend' }, legend.map((l) => h('span', { class: `chart-key ${l.className}`, text: l.label }))),
    ),
    svg(
      'svg',
      { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'chart-svg', preserveAspectRatio: 'xMinYMin meet' },
      svg('title', { id: `${id}-title`, text: caption }),
      svg('desc', { id: `${id}-desc`, text: description }),
      ...content,
    ),
  );
}

/**
 * Stacked bars per group: met and late clocks, scaled to the largest group; the met rate beside.
 * @param {ComplianceRow[]} rows
 * @param {(group: string | null) => string} labelOf
 */
export function metLateChart(rows, labelOf) {
  const most = Math.max(1, ...rows.map((r) => r.finished));
  const scale = (/** @type {number} */ n) => (n / most) * BAR_WIDTH;
  const content = rows.flatMap((r, i) => {
    const y = TOP + i * ROW;
    const mid = y + ROW / 2;
    const label = labelOf(r.group);
    const metWidth = scale(r.met);
    const lateWidth = scale(r.late);
    return [
      rowLabel(label, mid),
      svg('rect', { x: BAR_LEFT, y: y + 6, width: BAR_WIDTH, height: ROW - 12, class: 'chart-track', rx: 2 }),
      r.met > 0 && svg('rect', { x: BAR_LEFT, y: y + 6, width: metWidth, height: ROW - 12, class: 'chart-met' }, svg('title', { text: t('sla.chart.metTip', { label, n: r.met }) })),
      r.late > 0 &&
        svg('rect', { x: BAR_LEFT + metWidth, y: y + 6, width: lateWidth, height: ROW - 12, class: 'chart-late' }, svg('title', { text: t('sla.chart.lateTip', { label, n: r.late }) })),
      svg(
        'text',
        { x: BAR_LEFT + BAR_WIDTH + 8, y: mid, 'dominant-baseline': 'middle', class: 'chart-value' },
        r.finished === 0 ? t('sla.chart.noneFinished') : t('sla.chart.metLateValue', { met: r.met, late: r.late, rate: formatRate(r.metRate) }),
      ),
    ];
  });
  const description = rows
    .map((r) => t(r.metRate === null ? 'sla.chart.metLateDesc' : 'sla.chart.metLateRateDesc', { label: labelOf(r.group), met: r.met, late: r.late, rate: formatRate(r.metRate) }))
    .join(t('sla.chart.separator'));
  return figure(
    t('sla.chart.metLate'),
    description || t('sla.chart.noClockFinished'),
    rows.length,
    [
      { label: t('sla.chart.met'), className: 'chart-key-met' },
      { label: t('sla.chart.late'), className: 'chart-key-late' },
    ],
    content,
  );
}

/**
 * Paired bars per group: average and 90th-percentile lateness of the late clocks.
 * @param {ComplianceRow[]} rows
 * @param {(group: string | null) => string} labelOf
 */
export function latenessChart(rows, labelOf) {
  const most = Math.max(1, ...rows.map((r) => Math.max(r.averageLatenessMinutes ?? 0, r.p90LatenessMinutes ?? 0)));
  const scale = (/** @type {number | null} */ m) => Math.max(m ? 2 : 0, ((m ?? 0) / most) * BAR_WIDTH);
  const content = rows.flatMap((r, i) => {
    const y = TOP + i * ROW;
    const label = labelOf(r.group);
    return [
      rowLabel(label, y + ROW / 2),
      r.late === 0
        ? svg('text', { x: BAR_LEFT, y: y + ROW / 2, 'dominant-baseline': 'middle', class: 'chart-none', text: t('sla.chart.noLateClocks') })
        : null,
      r.late > 0 &&
        svg('rect', { x: BAR_LEFT, y: y + 5, width: scale(r.averageLatenessMinutes), height: 9, class: 'chart-avg' }, svg('title', { text: t('sla.chart.averageTip', { label, span: formatMinutes(r.averageLatenessMinutes) }) })),
      r.late > 0 &&
        svg('rect', { x: BAR_LEFT, y: y + 16, width: scale(r.p90LatenessMinutes), height: 9, class: 'chart-p90' }, svg('title', { text: t('sla.chart.p90Tip', { label, span: formatMinutes(r.p90LatenessMinutes) }) })),
      r.late > 0 &&
        svg('text', { x: BAR_LEFT + BAR_WIDTH + 8, y: y + ROW / 2, 'dominant-baseline': 'middle', class: 'chart-value' }, t('sla.chart.latenessValue', { average: formatMinutes(r.averageLatenessMinutes), p90: formatMinutes(r.p90LatenessMinutes) })),
    ];
  });
  const description = rows
    .map((r) =>
      r.late === 0
        ? t('sla.chart.noLateDesc', { label: labelOf(r.group) })
        : t('sla.chart.latenessDesc', { label: labelOf(r.group), average: formatMinutes(r.averageLatenessMinutes), p90: formatMinutes(r.p90LatenessMinutes) }),
    )
    .join(t('sla.chart.separator'));
  return figure(
    t('sla.chart.lateness'),
    description || t('sla.chart.noLateClock'),
    rows.length,
    [
      { label: t('sla.chart.average'), className: 'chart-key-avg' },
      { label: t('sla.chart.p90'), className: 'chart-key-p90' },
    ],
    content,
  );
}

/**
 * One stacked bar of the parts of a whole (a campaign's contacts by where they stand), each part
 * with its count on the bar where it is wide enough, and in the key under it with its share.
 * @param {string} caption
 * @param {{ key: string, label: string, value: number }[]} parts in order; `key` picks the colour (`chart-part-<key>`)
 * @param {string} empty the description when the whole is nothing yet
 */
export function stackChart(caption, parts, empty) {
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  const shown = parts.filter((p) => p.value > 0);
  const width = WIDTH - 16;
  let x = 8;
  const content = [
    svg('rect', { x: 8, y: TOP + 4, width, height: ROW - 8, class: 'chart-track', rx: 2 }),
    total === 0 && svg('text', { x: 16, y: TOP + ROW / 2, 'dominant-baseline': 'middle', class: 'chart-none', text: empty }),
    ...shown.flatMap((p) => {
      const w = (p.value / total) * width;
      const at = x;
      x += w;
      return [
        svg('rect', { x: at, y: TOP + 4, width: w, height: ROW - 8, class: `chart-part chart-part-${p.key}` }, svg('title', { text: `${p.label}: ${p.value}` })),
        // a number needs about 8 px a digit; a narrower part has it in the legend only
        w >= 10 + 8 * String(p.value).length && svg('text', { x: at + w / 2, y: TOP + ROW / 2, 'text-anchor': 'middle', 'dominant-baseline': 'middle', class: `chart-part-value chart-part-${p.key}`, text: p.value }),
      ];
    }),
  ];
  const description = total === 0 ? empty : t('sla.chart.inAll', { n: total, parts: shown.map((p) => `${p.label} ${p.value}`).join(t('sla.chart.listSeparator')) });
  const chart = figure(caption, description, 1, [], content);
  chart.append(
    h(
      'ul',
      { class: 'chart-breakdown' },
      shown.map((p) =>
        h('li', {}, h('span', { class: `chart-key chart-key-part chart-part-${p.key}`, text: p.label }), h('span', { class: 'chart-breakdown-value', text: `${p.value} · ${formatRate(p.value / total)}` })),
      ),
    ),
  );
  return chart;
}

/**
 * Horizontal bars of counts by label (the rows kept out of a list, by reason), scaled to the largest.
 * @param {string} caption
 * @param {{ label: string, value: number }[]} rows
 * @param {string} empty the description when no row has a count
 */
export function countChart(caption, rows, empty) {
  const most = Math.max(1, ...rows.map((r) => r.value));
  const content = rows.flatMap((r, i) => {
    const y = TOP + i * ROW;
    const mid = y + ROW / 2;
    return [
      rowLabel(r.label, mid),
      svg('rect', { x: BAR_LEFT, y: y + 6, width: BAR_WIDTH, height: ROW - 12, class: 'chart-track', rx: 2 }),
      r.value > 0 && svg('rect', { x: BAR_LEFT, y: y + 6, width: Math.max(2, (r.value / most) * BAR_WIDTH), height: ROW - 12, class: 'chart-count' }, svg('title', { text: `${r.label}: ${r.value}` })),
      svg('text', { x: BAR_LEFT + BAR_WIDTH + 8, y: mid, 'dominant-baseline': 'middle', class: 'chart-value', text: r.value }),
    ];
  });
  const counted = rows.filter((r) => r.value > 0);
  return figure(caption, counted.length === 0 ? empty : counted.map((r) => `${r.label}: ${r.value}`).join(t('sla.chart.separator')), rows.length, [], content);
}
