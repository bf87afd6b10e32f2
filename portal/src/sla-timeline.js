// @ts-check
/**
 * One SLA clock drawn on processes/sla-clock.bpmn: bpmn-js markers for what happened
 * (`cl-done`) and what the clock waits for now (`cl-active`), and overlays (small notes) on the
 * timers and steps: when it started, which timer was due when and fired when, how long it stood
 * paused (#Activity_Paused), how it stopped. `timelineOf` works the notes out from the API's
 * clock and journal; `SlaTimeline` draws them.
 */
import { loadViewer } from './diagram.js';
import { h } from './dom.js';
import { formatDateTime, formatShort, formatSpan, humanize } from './format.js';
import { t } from './i18n.js';

/** @typedef {import('./types.js').SlaClock} SlaClock */
/** @typedef {import('./types.js').SlaJournalEntry} SlaJournalEntry */
/** @typedef {import('./diagram.js').Viewer} Viewer */

/**
 * @typedef {'ok' | 'late' | 'waiting' | 'muted' | 'plain'} Tone
 * @typedef {{ text: string, tone: Tone }} NoteLine
 * @typedef {'above' | 'above-left' | 'below' | 'below-right'} Placement where a note sits: centred above or
 *   below its element, above it growing to the left (from near its right edge), or below and to the right of it
 * @typedef {{ elementId: string, title: string, lines: NoteLine[], placement: Placement }} Note
 * @typedef {{ done: string[], active: string[], notes: Note[] }} Timeline
 */

/** Diagram units around the diagram when fitted: the notes on its edges stay in view. */
const FIT_MARGIN = 50;

/** Element ids of processes/sla-clock.bpmn the timeline marks. */
const E = /** @type {const} */ ({
  start: 'StartEvent_ClockStarted',
  plan: 'Activity_Plan',
  warningDue: 'Event_WarningDue',
  warn: 'Activity_Warn',
  due: 'Event_Due',
  breach: 'Activity_Breach',
  levelDue: 'Event_LevelDue',
  escalate: 'Activity_Escalate',
  awaitEnd: 'Activity_AwaitEnd',
  urged: 'Event_Urged',
  escalateOnUrging: 'Activity_EscalateOnUrging',
  paused: 'Event_Paused',
  pause: 'Activity_Pause',
  pausedTask: 'Activity_Paused',
  stop: 'Activity_Stop',
  stopped: 'EndEvent_Stopped',
});

/**
 * `09:42` when `iso` falls on the same day as `reference`, else `11-24 09:42`.
 * @param {string} iso @param {string} reference
 */
function timeAfter(iso, reference) {
  const a = formatDateTime(iso);
  return a.slice(0, 10) === formatDateTime(reference).slice(0, 10) ? a.slice(11) : formatShort(iso);
}

/**
 * The wall-clock span of a pause, and its working minutes when the API gives them.
 * @param {SlaClock['pauses'][number]} pause
 * @param {number} now
 */
export function pauseLength(pause, now = Date.now()) {
  const ms = (pause.to ? Date.parse(pause.to) : now) - Date.parse(pause.from);
  const working = typeof pause.workingMinutes === 'number' ? t('sla.workingMinutes', { n: Math.round(pause.workingMinutes) }) : null;
  return { ms, text: working ? `${formatSpan(ms)} (${working})` : formatSpan(ms) };
}

/**
 * What the diagram shows for `clock`.
 * @param {SlaClock} clock
 * @param {SlaJournalEntry[]} journal the work order's journal (lines of other clocks are ignored)
 * @returns {Timeline}
 */
export function timelineOf(clock, journal) {
  const lines = journal.filter((j) => j.clockId === clock.clockId);
  const finished = clock.state === 'met' || clock.state === 'late' || clock.state === 'cancelled';
  /** @type {Set<string>} */
  const done = new Set([E.start, E.plan]);
  /** @type {Set<string>} */
  const active = new Set();
  /** @type {Note[]} */
  const notes = [];
  /** @param {string} text @param {Tone} [tone] @returns {NoteLine} */
  const line = (text, tone = 'plain') => ({ text, tone });

  notes.push({ elementId: E.start, title: t('sla.note.started'), lines: [line(formatShort(clock.startedAt))], placement: 'above' });
  const plans = lines.filter((j) => j.event === 'planned' || j.event === 'replanned').length;
  notes.push({ elementId: E.plan, title: plans > 1 ? t('sla.note.plannedTimes', { n: plans }) : t('sla.note.planned'), lines: [line(t('sla.note.limit', { n: clock.targetMinutes }))], placement: 'above' });

  // warnings: one timer per percent (a multi-instance subprocess)
  const breachedLine = lines.find((j) => j.event === 'breached');
  const breached = Boolean(clock.breachedAt || breachedLine);
  if (clock.warnings.length > 0) {
    const warningLines = clock.warnings.map((w) => {
      const fired = lines.find((j) => j.event === 'warned' && j.percent === w.percent);
      const due = fired?.dueAt ?? w.at;
      const at = { percent: w.percent, due: formatShort(due) };
      if (fired?.firedAt) return line(t('sla.note.warningFired', { ...at, fired: timeAfter(fired.firedAt, due) }));
      if (w.sent) return line(t('sla.note.warningSent', at));
      return finished || breached ? line(t('sla.note.warningNotReached', at), 'muted') : line(t('sla.note.warningWaiting', at), 'waiting');
    });
    // growing left: the subprocess's name is centred above the timer
    notes.push({ elementId: E.warningDue, title: t('sla.note.warnings'), lines: warningLines, placement: 'above-left' });
    if (clock.warnings.some((w) => w.sent)) [E.warningDue, E.warn].forEach((id) => done.add(id));
    if (clock.state === 'running' && !breached && clock.warnings.some((w) => !w.sent)) active.add(E.warningDue);
  }

  // the limit itself
  /** @type {NoteLine[]} */
  const dueLines = [line(t('sla.note.due', { due: formatShort(breachedLine?.dueAt ?? clock.dueAt) }))];
  if (breached) {
    const fired = breachedLine?.firedAt ?? clock.breachedAt;
    dueLines.push(line(fired ? t('sla.note.firedBreached', { fired: timeAfter(fired, breachedLine?.dueAt ?? clock.dueAt) }) : t('sla.note.breached'), 'late'));
    [E.due, E.breach].forEach((id) => done.add(id));
  } else if (clock.state === 'met') dueLines.push(line(t('sla.note.metBefore'), 'ok'));
  else if (finished) dueLines.push(line(t('sla.note.stoppedBefore'), 'muted'));
  else {
    dueLines.push(line(clock.state === 'paused' ? t('sla.note.pausedMovesOut') : t('sla.note.waiting'), 'waiting'));
    if (clock.state === 'running') active.add(E.due);
  }
  notes.push({ elementId: E.due, title: t('sla.note.limitTitle'), lines: dueLines, placement: 'above' });

  // the escalation ladder, level after level once breached
  if (clock.ladder.length > 0) {
    const ladderLines = clock.ladder.map((rung) => {
      const fired = lines.find((j) => j.event === 'escalated' && j.level === rung.level && j.cause !== 'urging');
      if (fired) {
        const due = fired.dueAt ?? rung.at;
        const at = { level: rung.level, due: formatShort(due) };
        return line(fired.firedAt ? t('sla.note.levelFired', { ...at, fired: timeAfter(fired.firedAt, due) }) : t('sla.note.levelDue', at), 'late');
      }
      if (rung.reached) return line(t('sla.note.levelUrged', { level: rung.level }), 'late');
      const at = { level: rung.level, due: formatShort(rung.at) };
      return finished ? line(t('sla.note.levelNotReached', at), 'muted') : line(t('sla.note.levelDue', at), breached ? 'waiting' : 'muted');
    });
    notes.push({ elementId: E.levelDue, title: t('sla.note.escalation', { level: clock.levelReached, levels: clock.ladder.length }), lines: ladderLines, placement: 'above-left' });
    if (lines.some((j) => j.event === 'escalated' && j.cause !== 'urging')) [E.levelDue, E.escalate].forEach((id) => done.add(id));
    if (clock.state === 'running' && breached) active.add(clock.ladder.every((r) => r.reached) ? E.awaitEnd : E.levelDue);
  }

  const urged = lines.filter((j) => j.event === 'escalated' && j.cause === 'urging');
  if (urged.length > 0) {
    notes.push({ elementId: E.urged, title: t('sla.note.urged'), lines: urged.map((j) => line(t('sla.note.urgedTo', { level: j.level ?? '?', at: formatShort(j.occurredAt ?? j.at) }), 'late')), placement: 'below' });
    [E.urged, E.escalateOnUrging].forEach((id) => done.add(id));
  }

  // pauses: the clock stood still while the department waited for the customer
  if (clock.pauses.length > 0) {
    const lengths = clock.pauses.map((p) => pauseLength(p));
    const total = lengths.reduce((sum, l) => sum + l.ms, 0);
    const working = clock.pauses.every((p) => typeof p.workingMinutes === 'number') ? ` (${t('sla.workingMinutes', { n: Math.round(clock.pauses.reduce((sum, p) => sum + (p.workingMinutes ?? 0), 0)) })})` : '';
    const shown = clock.pauses.slice(-3).map((p, i) => {
      const length = lengths[lengths.length - Math.min(3, clock.pauses.length) + i];
      return line(`${formatShort(p.from)} – ${p.to ? timeAfter(p.to, p.from) : t('sla.note.now')} · ${length?.text ?? ''}`, p.to ? 'plain' : 'waiting');
    });
    notes.push({
      elementId: E.pausedTask,
      title: `${t('sla.note.paused', { n: clock.pauses.length, span: formatSpan(total) })}${working}`,
      lines: clock.pauses.length > 3 ? [line(t('sla.note.earlier', { n: clock.pauses.length - 3 }), 'muted'), ...shown] : shown,
      // clear of the "Step ended" event on the task's lower edge
      placement: 'below-right',
    });
    [E.paused, E.pause, E.pausedTask].forEach((id) => done.add(id));
    if (clock.state === 'paused') active.add(E.pausedTask);
  }

  if (finished) {
    /** @type {NoteLine[]} */
    const stopLines = [line(formatShort(clock.stoppedAt), clock.state === 'met' ? 'ok' : clock.state === 'late' ? 'late' : 'muted')];
    if (clock.state === 'late' && clock.latenessMs !== null) stopLines.push(line(t('sla.pastDue', { span: formatSpan(clock.latenessMs) }), 'late'));
    notes.push({ elementId: E.stop, title: humanize(clock.state), lines: stopLines, placement: 'above' });
    [E.stop, E.stopped].forEach((id) => done.add(id));
  }

  for (const id of active) done.delete(id);
  return { done: [...done], active: [...active], notes };
}

/** The diagram of one clock at a time, in `container`; `show` again for another clock. */
export class SlaTimeline {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    /** @type {Viewer | undefined} */
    this.viewer = undefined;
    /** @type {string | undefined} */
    this.xml = undefined;
    /** @type {string[]} */
    this.marked = [];
  }

  /**
   * @param {string} xml sla-clock.bpmn
   * @param {Timeline} timeline
   */
  async show(xml, timeline) {
    const Viewer = await loadViewer();
    this.viewer ??= new Viewer({ container: this.container });
    const viewer = this.viewer;
    const fresh = this.xml !== xml;
    if (fresh) {
      await viewer.importXML(xml);
      this.xml = xml;
      this.marked = [];
    }
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    const overlays = viewer.get('overlays');
    for (const id of this.marked) {
      canvas.removeMarker(id, 'cl-active');
      canvas.removeMarker(id, 'cl-done');
    }
    this.marked = [];
    overlays.remove({ type: 'sla-note' });
    /** @param {string} id @param {string} marker */
    const mark = (id, marker) => {
      if (!registry.get(id)) return;
      canvas.addMarker(id, marker);
      this.marked.push(id);
    };
    timeline.done.forEach((id) => mark(id, 'cl-done'));
    timeline.active.forEach((id) => mark(id, 'cl-active'));
    for (const note of timeline.notes) {
      const element = registry.get(note.elementId);
      if (!element) continue;
      const width = element.width ?? 0;
      const height = element.height ?? 0;
      // events carry their name under them: a note below one leaves that label room
      const below = height + (element.type.endsWith('Event') ? 24 : 6);
      /** @type {Record<Placement, { top: number, left: number }>} */
      const positions = { above: { top: -6, left: width / 2 }, 'above-left': { top: -6, left: width - 16 }, below: { top: below, left: width / 2 }, 'below-right': { top: height + 2, left: width + 4 } };
      overlays.add(note.elementId, 'sla-note', {
        position: positions[note.placement],
        html: h(
          'div',
          { class: `sla-note sla-note-${note.placement}`, 'data-note': note.elementId },
          h('strong', { class: 'sla-note-title', text: note.title }),
          note.lines.map((l) => h('span', { class: `sla-note-line tone-${l.tone}`, text: l.text })),
        ),
      });
    }
    this.container.dataset.active = timeline.active.join(' ');
    if (fresh) this.fit();
  }

  /** The whole diagram, with a margin for the notes on its edges. */
  fit() {
    const canvas = this.viewer?.get('canvas');
    if (!canvas || this.container.clientWidth === 0) return;
    canvas.zoom('fit-viewport', 'auto');
    const { inner } = canvas.viewbox();
    canvas.viewbox({ x: inner.x - FIT_MARGIN, y: inner.y - FIT_MARGIN, width: inner.width + 2 * FIT_MARGIN, height: inner.height + 2 * FIT_MARGIN });
  }

  destroy() {
    this.viewer?.destroy();
    this.viewer = undefined;
  }
}
