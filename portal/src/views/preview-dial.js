// @ts-check
/**
 * #/preview (agents): preview dialing. The callback and campaign processes hand customers to the
 * agent's team; "Next customer" takes the oldest one waiting, and the card shows who it is, the
 * script and the attempt, places the call, follows it, and records how the attempt ended.
 */
import { api, ApiError } from '../api.js';
import { h, mount, textOf } from '../dom.js';
import { formatDateTime, humanize } from '../format.js';
import { t } from '../i18n.js';
import { errorBox, showError, showInfo } from '../messages.js';
import { currentSession } from '../session.js';
import { tierBadge } from '../ui.js';

/** @typedef {import('../types.js').PreviewTask} PreviewTask */
/** @typedef {import('../types.js').Call} Call */

/** How an attempt ended, as the agent says it (the API's attemptOutcome values): `outreach.outcome.<value>`. */
const OUTCOMES = /** @type {const} */ (['answered', 'no-answer', 'busy', 'invalid-number', 'fax', 'failed', 'refused', 'call-back-later']);
/** The answers of a reached customer as the agent says them: `outreach.answer.<value>`, the API's word otherwise. */
const ANSWERS = ['satisfied', 'not-satisfied', 'success'];
const answerLabel = (/** @type {string} */ value) => (ANSWERS.includes(value) ? t(`outreach.answer.${value}`) : humanize(value));
/** A call under way, as the card says it: `outreach.callState.<state>`. */
const CALL_STATES = ['originating', 'dialing', 'ringing', 'answered'];

/** A placed call is looked at this often until it ends (ms). */
const CALL_POLL_MS = 1_000;
/** The agent's hold on the customer runs out after 10 minutes; the open card renews it this often (ms). */
const RENEW_MS = 3 * 60_000;
/** New customers arrive while the page is open (ms). */
const REFRESH_MS = 30_000;

/** Codes that say the customer is no longer this agent's to take: skip to the next one. */
const SKIPPED = ['PREVIEW_TASK_TAKEN', 'PREVIEW_TASK_GONE', 'PREVIEW_TASK_DONE'];
const isSkipped = (/** @type {unknown} */ err) => err instanceof ApiError && SKIPPED.includes(err.code);

/** @param {string} label @param {Node | string} value @param {string} [testId] */
const fact = (label, value, testId) => h('div', { class: 'fact', 'data-testid': testId ?? null }, h('dt', { text: label }), h('dd', {}, value));

/** @type {import('../main.js').View} */
export function renderPreviewDial(container) {
  const me = currentSession()?.user.username;
  const cardSlot = h('div', { 'data-testid': 'preview-card-slot' });
  const queueBody = h('div', {}, h('p', { class: 'loading', text: t('common.loading') }));
  const count = h('span', { class: 'count' });
  const next = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'next-customer', text: t('outreach.preview.next'), onclick: () => void takeNext() });
  const refresh = h('button', { type: 'button', class: 'button', 'data-testid': 'preview-refresh', text: t('outreach.preview.refresh'), onclick: () => void load() });

  mount(
    container,
    h('div', { class: 'page-head' }, h('h1', { text: t('outreach.preview.title') }), h('p', { class: 'muted small', text: t('outreach.preview.lead') })),
    h(
      'div',
      { class: 'columns' },
      cardSlot,
      h('section', { class: 'panel', 'aria-labelledby': 'preview-queue-title' }, h('div', { class: 'panel-head' }, h('h2', { id: 'preview-queue-title', text: t('outreach.preview.queue') }), h('div', { class: 'panel-tools' }, count, refresh)), queueBody),
    ),
  );

  /** @type {PreviewTask[]} */
  let items = [];
  /** @type {PreviewTask | undefined} */
  let current;
  /** Timers of the open card (claim renewal, call polling). */
  /** @type {number[]} */
  let cardTimers = [];

  const mine = (/** @type {PreviewTask} */ task) => task.claimedBy === me;

  async function load() {
    refresh.disabled = true;
    try {
      ({ items } = await api.previewQueue());
      renderQueue();
      const held = items.find(mine);
      if (!current && held) open(held);
      else if (!current) renderIdle();
    } catch (err) {
      mount(queueBody, errorBox(err));
    } finally {
      refresh.disabled = false;
    }
  }

  function renderQueue() {
    count.textContent = t('outreach.preview.waitingCount', { n: items.length });
    if (items.length === 0) {
      mount(queueBody, h('div', { class: 'empty', 'data-testid': 'preview-queue-empty', text: t('outreach.preview.queueEmpty') }));
      return;
    }
    mount(
      queueBody,
      h(
        'ul',
        { class: 'preview-queue', 'data-testid': 'preview-queue' },
        items.map((task) =>
          h(
            'li',
            { class: task.taskId === current?.taskId ? 'preview-item row-selected' : 'preview-item', 'data-task': task.taskId },
            h('div', { class: 'preview-item-title' }, h('strong', { text: task.customer?.name ?? task.listed.name ?? task.phone }), ' ', h('span', { class: 'muted small', text: t('outreach.preview.attemptShort', { n: task.attempt }) })),
            h('div', { class: 'muted small', text: t('outreach.preview.itemLine', { kind: humanize(task.kind), title: task.title, since: formatDateTime(task.createdAt) }) }),
          ),
        ),
      ),
    );
  }

  function renderIdle() {
    mount(
      cardSlot,
      h(
        'section',
        { class: 'panel preview-idle' },
        h('div', { class: 'panel-body' }, h('p', { text: items.length > 0 ? t('outreach.preview.idle') : t('outreach.preview.idleEmpty') }), next),
      ),
    );
    next.disabled = items.length === 0;
  }

  /** Takes the oldest customer nobody else holds; one another agent took meanwhile is skipped. */
  async function takeNext() {
    next.disabled = true;
    try {
      for (const task of items) {
        try {
          open(await api.claimPreview(task.taskId));
          return;
        } catch (err) {
          if (!isSkipped(err)) throw err;
        }
      }
      showInfo(t('outreach.preview.noneNow'));
      await load();
    } catch (err) {
      showError(err);
    } finally {
      next.disabled = false;
    }
  }

  function stopCardTimers() {
    cardTimers.forEach((timer) => clearInterval(timer));
    cardTimers = [];
  }

  /** Back to the queue: the customer is done with, or no longer this agent's. */
  function closeCard() {
    stopCardTimers();
    current = undefined;
    void load();
  }

  /** @param {PreviewTask} task */
  function open(task) {
    stopCardTimers();
    current = task;
    renderQueue();
    mount(cardSlot, card(task));
    cardSlot.querySelector('h2')?.focus();
    cardTimers.push(
      window.setInterval(() => {
        api.claimPreview(task.taskId).catch((/** @type {unknown} */ err) => {
          showError(err);
          if (isSkipped(err)) closeCard();
        });
      }, RENEW_MS),
    );
  }

  /** @param {PreviewTask} task */
  function card(task) {
    const callStatus = h('p', { class: 'call-status muted', role: 'status', 'aria-live': 'polite', 'data-testid': 'call-status', text: task.callId ? t('outreach.preview.lookingAtCall') : t('outreach.preview.notCalled') });
    // one call per attempt: a retry after an error sends the same request id
    const requestId = crypto.randomUUID();
    const dial = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'dial', text: t('outreach.preview.call'), 'aria-describedby': 'preview-call-status', onclick: () => void placeCall() });
    callStatus.id = 'preview-call-status';
    dial.disabled = task.callId !== null;
    const form = resultForm(task);

    async function placeCall() {
      dial.disabled = true;
      callStatus.textContent = t('outreach.callState.originating');
      try {
        const call = await api.dialPreview(task.taskId, requestId);
        follow(call.callId);
      } catch (err) {
        callStatus.textContent = t('outreach.preview.notPlaced');
        showError(err);
        if (isSkipped(err)) closeCard();
        else dial.disabled = false;
      }
    }

    /** @param {string} callId */
    function follow(callId) {
      const look = async () => {
        try {
          const call = await api.call(callId);
          callStatus.textContent =
            call.state === 'ended'
              ? t('outreach.callState.ended', { outcome: humanize(call.outcome) })
              : CALL_STATES.includes(call.state)
                ? t(`outreach.callState.${call.state}`)
                : humanize(call.state);
          if (call.state === 'ended') {
            clearInterval(timer);
            form.preselect(call.outcome);
          }
        } catch (err) {
          clearInterval(timer);
          showError(err);
        }
      };
      const timer = window.setInterval(() => void look(), CALL_POLL_MS);
      cardTimers.push(timer);
      void look();
    }
    if (task.callId) follow(task.callId);

    const { customer, workOrder } = task;
    return h(
      'section',
      { class: 'panel preview-card', 'data-testid': 'preview-card', 'data-task': task.taskId, 'aria-labelledby': 'preview-card-title' },
      h(
        'div',
        { class: 'panel-head' },
        h('h2', { id: 'preview-card-title', class: 'panel-title', tabindex: '-1', text: task.title }),
        h(
          'div',
          { class: 'panel-tools' },
          h('span', { class: 'badge badge-blue', text: humanize(task.kind) }),
          h('span', { class: 'chip nowrap', 'data-testid': 'attempt', text: t('outreach.preview.attempt', { n: task.attempt }) }),
          // the calling window's end: the queue refuses to dial after it
          task.callableUntil && h('span', { class: 'chip nowrap', 'data-testid': 'callable-until', text: t('outreach.preview.callBefore', { time: formatDateTime(task.callableUntil).slice(11) }) }),
          task.claimedUntil && h('span', { class: 'muted small nowrap', text: t('outreach.preview.yoursUntil', { time: formatDateTime(task.claimedUntil).slice(11) }) }),
        ),
      ),
      h(
        'div',
        { class: 'panel-body' },
        h(
          'dl',
          { class: 'facts', 'data-testid': 'customer' },
          fact(t('outreach.preview.phone'), h('span', { class: 'mono', text: task.phone }), 'phone'),
          fact(t('outreach.preview.customer'), customer?.name ?? task.listed.name ?? t('outreach.preview.notSubscriber'), 'customer-name'),
          fact(t('outreach.preview.tier'), customer ? tierBadge(customer.tier) : '—'),
          fact(t('outreach.preview.line'), humanize(customer?.lineStatus)),
          fact(t('outreach.review.custId'), task.custId ?? '—'),
          ...Object.entries(task.listed.fields).map(([column, value]) => fact(column, value)),
        ),
        workOrder &&
          h(
            'dl',
            { class: 'facts', 'data-testid': 'work-order' },
            fact(t('outreach.preview.workOrder'), h('span', { class: 'mono', text: workOrder.workOrderId })),
            fact(t('outreach.preview.type'), humanize(workOrder.type)),
            fact(t('outreach.preview.category'), workOrder.category),
            fact(t('outreach.preview.feedback'), workOrder.feedback ?? '—'),
          ),
        task.script && h('div', { class: 'preview-script' }, h('h3', { text: t('outreach.form.script') }), h('p', { class: 'prose', 'data-testid': 'script', text: task.script })),
        h('div', { class: 'call-bar' }, dial, callStatus),
        form.element,
      ),
    );
  }

  /** @param {PreviewTask} task */
  function resultForm(task) {
    const problem = h('div', { class: 'form-problem' });
    const outcomeHint = h('div', { class: 'hint', hidden: true, text: t('outreach.preview.outcomeHint') });
    const answerSet = h(
      'fieldset',
      { class: 'choices', 'data-testid': 'answers', hidden: true, disabled: true },
      h('legend', { class: 'required', text: task.answers === 'survey' ? t('outreach.preview.satisfiedQuestion') : t('outreach.preview.answer') }),
      h('div', { class: 'choice-row' }, task.answerChoices.map((value) => h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'answer', value, required: true }), ` ${answerLabel(value)}`))),
    );
    const reason = h('textarea', { id: 'preview-reason', name: 'answerReason', rows: 3, maxlength: 1000, required: true });
    const reasonField = h('div', { class: 'field', hidden: true }, h('label', { for: reason.id, class: 'required', text: t('outreach.preview.reason') }), reason, h('div', { class: 'field-error', 'data-error-for': 'answerReason' }));
    const note = h('textarea', { id: 'preview-note', name: 'note', rows: 2, maxlength: 1000 });
    const submit = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'record-result', text: t('outreach.preview.record') });
    const element = h(
      'form',
      { class: 'preview-result', novalidate: true, 'data-testid': 'result-form' },
      h(
        'fieldset',
        { class: 'choices' },
        h('legend', { class: 'required', text: t('outreach.preview.outcome') }),
        h('div', { class: 'choice-grid' }, OUTCOMES.map((value) => h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'attemptOutcome', value, required: true }), ` ${t(`outreach.outcome.${value}`)}`))),
        outcomeHint,
      ),
      answerSet,
      reasonField,
      h('div', { class: 'field' }, h('label', { for: note.id, text: t('outreach.preview.note') }), note),
      problem,
      h('div', { class: 'form-buttons' }, submit),
    );

    const valueOf = (/** @type {string} */ name) => textOf(new FormData(element).get(name)).trim();
    /** Shows the answers only for a reached customer, and the reason only for an unhappy one; hidden parts are disabled, so not sent. */
    function sync() {
      const answered = valueOf('attemptOutcome') === 'answered';
      answerSet.hidden = !answered;
      answerSet.disabled = !answered;
      const unhappy = answered && valueOf('answer') === 'not-satisfied';
      reasonField.hidden = !unhappy;
      reason.disabled = !unhappy;
    }
    element.addEventListener('change', sync);
    element.addEventListener('input', () => mount(problem));
    element.addEventListener('submit', (event) => {
      event.preventDefault();
      void send();
    });

    async function send() {
      mount(problem);
      if (!element.checkValidity()) {
        mount(problem, h('div', { class: 'message message-error', role: 'alert' }, h('strong', { class: 'message-title', text: t('outreach.preview.incomplete') })));
        const invalid = element.querySelector('input:invalid, textarea:invalid');
        if (invalid instanceof HTMLElement) invalid.focus();
        return;
      }
      /** @type {Record<string, string>} */
      const body = {};
      for (const name of ['attemptOutcome', 'answer', 'answerReason', 'note']) if (valueOf(name)) body[name] = valueOf(name);
      submit.disabled = true;
      try {
        await api.recordPreview(task.taskId, body);
        const said = [body.attemptOutcome && t(`outreach.outcome.${body.attemptOutcome}`), body.answer && answerLabel(body.answer)].filter(Boolean).join(t('outreach.preview.saidSeparator'));
        showInfo(t('outreach.preview.recorded', { who: task.customer?.name ?? task.phone, said }));
        closeCard();
      } catch (err) {
        if (isSkipped(err)) {
          showError(err);
          closeCard();
          return;
        }
        mount(problem, errorBox(err));
        submit.disabled = false;
      }
    }

    return {
      element,
      /** The call's recorded outcome as the default; the agent's own choice stays. @param {string | null} outcome */
      preselect(outcome) {
        const radio = element.querySelector(`input[name="attemptOutcome"][value="${CSS.escape(outcome ?? '')}"]`);
        if (!(radio instanceof HTMLInputElement) || valueOf('attemptOutcome')) return;
        radio.checked = true;
        outcomeHint.hidden = false;
        sync();
      },
    };
  }

  void load();
  const refresher = window.setInterval(() => {
    if (document.visibilityState === 'visible' && !current) void load();
  }, REFRESH_MS);
  return () => {
    clearInterval(refresher);
    stopCardTimers();
  };
}
