// @ts-check
/**
 * The "SLA clocks" section of the work-order page (GET /api/sla/work-orders/:id): each clock
 * with its kind, state, limit, warnings, escalation levels and pauses, and for the selected
 * clock its timeline on sla-clock.bpmn (SlaTimeline) and its journal line by line, so an
 * auditor can trace when each limit was due, when its timer fired and why it was not met.
 */
import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { formatDateTime, formatShort, formatSpan, humanize } from '../format.js';
import { t } from '../i18n.js';
import { errorBox } from '../messages.js';
import { clockStateBadge, kindLabel } from '../sla.js';
import { pauseLength, SlaTimeline, timelineOf } from '../sla-timeline.js';
import { stepLabel } from '../ui.js';

/** @typedef {import('../types.js').WorkOrderSla} WorkOrderSla */
/** @typedef {import('../types.js').SlaClock} SlaClock */
/** @typedef {import('../types.js').SlaJournalEntry} SlaJournalEntry */

/**
 * The clock shown first: the one asked for, else the first that broke its limit, else the
 * step clock counting now, else the resolution clock.
 * @param {SlaClock[]} clocks
 * @param {string | null} asked
 */
function firstClock(clocks, asked) {
  return (
    clocks.find((c) => c.clockId === asked) ??
    clocks.find((c) => c.breachedAt !== null) ??
    clocks.find((c) => c.stepElementId !== null && (c.state === 'running' || c.state === 'paused')) ??
    clocks.find((c) => c.kind === 'resolution') ??
    clocks[0]
  );
}

/**
 * @param {string} workOrderId
 * @param {{ clockId: string | null, stepNames: () => Map<string, string> }} options
 *   clockId: the clock to open at (#/work-orders/ID?clock=...); stepNames: work-order.bpmn step names
 */
export function slaPanel(workOrderId, { clockId, stepNames }) {
  const body = h('div', { class: 'panel-body sla-body' }, h('p', { class: 'loading', text: t('sla.clocks.loading') }));
  const fit = h('button', { type: 'button', class: 'button button-small', text: t('wo.fit'), hidden: true });
  const element = h(
    'section',
    { class: 'panel sla-panel', id: 'sla', 'data-testid': 'sla-panel', 'aria-labelledby': 'sla-title' },
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { id: 'sla-title', text: t('sla.clocks.title') }),
      h('div', { class: 'panel-tools legend' }, h('span', { class: 'legend-item legend-active', text: t('sla.legend.waiting') }), h('span', { class: 'legend-item legend-done', text: t('sla.legend.happened') }), fit),
    ),
    body,
  );

  const frame = h('div', { class: 'diagram sla-diagram', 'data-testid': 'sla-diagram', role: 'img', 'aria-label': t('sla.clocks.diagramLabel') });
  const timeline = new SlaTimeline(frame);
  fit.addEventListener('click', () => timeline.fit());
  /** @type {string | undefined} */
  let selected = clockId ?? undefined;
  /** @type {WorkOrderSla | undefined} */
  let shown;
  let shownKey = '';
  let scrolled = false;

  /** Loads the clocks again; draws only when they changed, so a selection and the diagram's zoom survive. */
  async function refresh() {
    let sla;
    try {
      sla = await api.workOrderSla(workOrderId);
    } catch (err) {
      // roles that may not read clocks (designers), or a work order not visible: no section
      if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
        element.hidden = true;
        return;
      }
      if (!shown) mount(body, errorBox(err), h('button', { type: 'button', class: 'button', text: t('common.retry'), onclick: () => void refresh() }));
      return;
    }
    element.hidden = false;
    const key = JSON.stringify([sla.pin, sla.clocks, sla.journal]);
    if (key === shownKey) return;
    shownKey = key;
    shown = sla;
    await draw(sla);
  }

  /** @param {WorkOrderSla} sla */
  async function draw(sla) {
    if (sla.clocks.length === 0) {
      fit.hidden = true;
      mount(
        body,
        pinLine(sla),
        h('div', {
          class: 'empty',
          'data-testid': 'sla-empty',
          text: sla.pin ? t('sla.clocks.notStarted') : t('sla.clocks.noPolicy'),
        }),
      );
      return;
    }
    const clock = firstClock(sla.clocks, selected ?? null) ?? sla.clocks[0];
    if (!clock) return;
    selected = clock.clockId;
    fit.hidden = false;
    const journalSlot = h('div');
    mount(
      body,
      pinLine(sla),
      clocksTable(sla.clocks, clock.clockId, stepNames(), (id) => {
        selected = id;
        void draw(sla);
      }),
      h('h3', { class: 'sla-subtitle', 'data-testid': 'sla-selected', text: `${t('sla.clocks.timeline', { kind: kindLabel(clock.kind) })}${clock.stepElementId ? ` · ${stepLabel('wo', clock.stepElementId, stepNames().get(clock.stepElementId))}` : ''}` }),
      frame,
      journalSlot,
    );
    try {
      await timeline.show(sla.diagrams.clock, timelineOf(clock, sla.journal));
    } catch (err) {
      mount(frame, h('div', { class: 'empty', text: t('wo.diagramFailed', { reason: err instanceof Error ? err.message : String(err) }) }));
    }
    mount(journalSlot, journalList(sla.journal.filter((j) => j.clockId === clock.clockId), new Map([...namesIn(sla.diagrams.escalation), ...namesIn(sla.diagrams.clock)])));
    // opened from the breaches list: bring the clock into view once
    if (clockId && !scrolled) {
      scrolled = true;
      element.scrollIntoView({ block: 'start' });
    }
  }

  return {
    element,
    refresh,
    destroy() {
      timeline.destroy();
    },
  };
}

/**
 * Names of a diagram's elements ("Activity_Breach" -> "Record the breach"), read from its XML.
 * @param {string} xml
 * @returns {Map<string, string>}
 */
function namesIn(xml) {
  /** @type {Map<string, string>} */
  const names = new Map();
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  for (const el of doc.querySelectorAll('[id][name]')) names.set(el.getAttribute('id') ?? '', (el.getAttribute('name') ?? '').replace(/\s+/g, ' '));
  return names;
}

/** @param {WorkOrderSla} sla */
function pinLine(sla) {
  if (!sla.pin) return null;
  const { policy, calendar, pinnedAt, replans } = sla.pin;
  return h(
    'p',
    { class: 'muted small sla-pin' },
    `${t('sla.pin.policy')} `,
    h('span', { class: 'mono', text: `${policy.id} v${policy.version}` }),
    ` · ${t('sla.pin.calendar')} `,
    h('span', { class: 'mono', text: `${calendar.id} v${calendar.version}` }),
    ` · ${t('sla.pin.pinned', { at: formatDateTime(pinnedAt) })}`,
    replans > 0 ? ` · ${t('sla.pin.replanned', { n: replans })}` : '',
  );
}

/**
 * @param {SlaClock[]} clocks
 * @param {string} selectedId
 * @param {Map<string, string>} names
 * @param {(clockId: string) => void} select
 */
function clocksTable(clocks, selectedId, names, select) {
  const headers = ['', t('sla.col.clock'), t('sla.col.state'), t('sla.col.started'), t('wo.col.due'), t('sla.col.warnings'), t('sla.col.escalation'), t('sla.col.paused'), t('sla.col.stopped')];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table sla-clocks', 'data-testid': 'sla-clocks' },
      h('caption', { class: 'visually-hidden', text: t('sla.clocks.caption') }),
      h('thead', {}, h('tr', {}, headers.map((label) => h('th', { scope: 'col', text: label })))),
      h(
        'tbody',
        {},
        clocks.map((c) => {
          const radio = h('input', { type: 'radio', name: 'sla-clock', value: c.clockId, checked: c.clockId === selectedId, 'aria-label': t('sla.clocks.showTimeline', { kind: kindLabel(c.kind) }) });
          radio.addEventListener('change', () => select(c.clockId));
          const pausedMs = c.pauses.reduce((sum, p) => sum + pauseLength(p).ms, 0);
          const working = c.pauses.length > 0 && c.pauses.every((p) => typeof p.workingMinutes === 'number') ? ` · ${t('sla.workingMinutes', { n: Math.round(c.pauses.reduce((s, p) => s + (p.workingMinutes ?? 0), 0)) })}` : '';
          return h(
            'tr',
            {
              class: c.clockId === selectedId ? 'row-link row-selected' : 'row-link',
              'data-clock-id': c.clockId,
              'data-kind': c.kind,
              onclick: (event) => {
                if (event.target !== radio) select(c.clockId);
              },
            },
            h('td', {}, radio),
            h('td', {}, h('strong', { text: humanize(c.kind) }), h('div', { class: 'muted small', text: c.stepElementId ? stepLabel('wo', c.stepElementId, names.get(c.stepElementId)) : t('sla.clocks.wholeWorkOrder') })),
            h('td', {}, clockStateBadge(c.state)),
            h('td', { class: 'nowrap' }, formatDateTime(c.startedAt)),
            h('td', { class: 'nowrap' }, h('span', { class: c.breachedAt ? 'text-danger' : null, text: formatDateTime(c.dueAt) }), h('div', { class: 'muted small', text: t('sla.workingMinutes', { n: c.targetMinutes }) })),
            h('td', {}, c.warnings.length === 0 ? '—' : c.warnings.map((w) => h('span', { class: w.sent ? 'chip chip-on' : 'chip', title: t(w.sent ? 'sla.clocks.warningSent' : 'sla.clocks.warningAt', { percent: w.percent, at: formatDateTime(w.at) }), text: `${w.percent}%` }))),
            h('td', {}, h('span', { class: c.levelReached > 0 ? 'level level-hot' : 'level', text: t('sla.levelOf', { level: c.levelReached, levels: c.ladder.length }) })),
            h('td', { class: 'nowrap' }, c.pauses.length === 0 ? '—' : `${c.pauses.length}× · ${formatSpan(pausedMs)}${working}`),
            h(
              'td',
              { class: 'nowrap' },
              c.stoppedAt ? formatDateTime(c.stoppedAt) : '—',
              c.state === 'late' && c.latenessMs !== null ? h('div', { class: 'text-danger small', text: t('sla.pastDue', { span: formatSpan(c.latenessMs) }) }) : null,
            ),
          );
        }),
      ),
    ),
  );
}

/**
 * What a journal line says, in a few words.
 * @param {SlaJournalEntry} j
 */
function detailOf(j) {
  const dueFired = [j.dueAt && t('sla.journal.due', { at: formatDateTime(j.dueAt) }), j.firedAt && t('sla.journal.fired', { at: formatDateTime(j.firedAt) })].filter(Boolean).join(t('sla.journal.comma'));
  switch (j.event) {
    case 'planned':
    case 'replanned':
      return [j.plan && t('sla.journal.due', { at: formatDateTime(j.plan.dueAt) }), j.targetMinutes !== null && t('sla.workingMinutes', { n: j.targetMinutes }), j.cause].filter(Boolean).join(' · ');
    case 'warned':
      return t('sla.journal.warned', { percent: j.percent ?? '?', detail: dueFired });
    case 'breached':
      return t('sla.journal.breached', { detail: dueFired });
    case 'escalated':
      return j.cause === 'urging' ? t('sla.journal.escalatedUrged', { level: j.level ?? '?' }) : t('sla.journal.escalated', { level: j.level ?? '?', detail: dueFired });
    default:
      return [j.occurredAt && formatDateTime(j.occurredAt), j.cause].filter(Boolean).join(' · ');
  }
}

/** Journal events that count against the clock. */
const BAD = new Set(['breached', 'escalated', 'late']);

/** When a journal line's event happened: a timer when it fired, a pause or stop when it occurred, else when written. */
const happenedAt = (/** @type {SlaJournalEntry} */ j) => j.firedAt ?? j.occurredAt ?? j.at;

/**
 * @param {SlaJournalEntry[]} written one clock's journal, in the order written
 * @param {Map<string, string>} names element names of sla-clock.bpmn and escalation.bpmn
 */
function journalList(written, names) {
  if (written.length === 0) return h('p', { class: 'muted', text: t('sla.journal.empty') });
  // by when it happened; timers that fired together (the platform was away, or a test moved the
  // clock) by when they were due; else as written (the sort is stable)
  const lines = written
    .map((j, i) => ({ j, i, t: Date.parse(happenedAt(j)), due: j.dueAt ? Date.parse(j.dueAt) : Number.POSITIVE_INFINITY }))
    .sort((a, b) => a.t - b.t || a.due - b.due || a.i - b.i)
    .map((x) => x.j);
  return h(
    'div',
    { class: 'sla-journal' },
    h('h3', { class: 'sla-subtitle', text: t('sla.journal.title') }),
    h(
      'ol',
      { class: 'timeline', 'data-testid': 'sla-journal' },
      lines.map((j) =>
        h(
          'li',
          { class: 'timeline-item', 'data-event': j.event },
          h('time', { class: 'timeline-time', datetime: j.at, title: t('sla.journal.written', { at: formatDateTime(j.at) }), text: formatShort(happenedAt(j)) }),
          h(
            'div',
            { class: 'timeline-body' },
            h('div', {}, h('strong', { class: BAD.has(j.event) ? 'text-danger' : null, text: humanize(j.event) }), h('span', { class: 'step-tag', title: j.elementId, text: stepLabel('sla', j.elementId, names.get(j.elementId)) })),
            h('div', { class: 'muted small', text: [detailOf(j), j.by && t('wo.by', { who: j.by })].filter(Boolean).join(' · ') }),
          ),
        ),
      ),
    ),
  );
}
