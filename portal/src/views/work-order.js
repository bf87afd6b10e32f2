// @ts-check
/**
 * #/work-orders/WO-...: everything about one work order, its process diagram with the current
 * step, and buttons for exactly the actions the API allows the caller now.
 */
import { runAction, specOf, actionButtons } from '../actions.js';
import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { ProgressDiagram } from '../diagram.js';
import { formatDateTime, humanize } from '../format.js';
import { t, tn } from '../i18n.js';
import { showError, showInfo } from '../messages.js';
import { hasRole, homeHash } from '../session.js';
import { dueCell, idLink, notFoundPanel, priorityBadge, statusBadge, stepLabel, tierBadge } from '../ui.js';
import { slaPanel } from './work-order-sla.js';

/** @typedef {import('../types.js').WorkOrder} WorkOrder */
/** @typedef {import('../types.js').Progress} Progress */
/** @typedef {import('../dom.js').Child} Child */

/**
 * After a create or an action the engine moves the work order on within a second or two; the
 * page looks again this often, this many times, while the work order is between steps.
 */
const SETTLE_INTERVAL_MS = 1_000;
const SETTLE_TRIES = 15;

const isFinished = (/** @type {WorkOrder} */ wo) => wo.status === 'closed' || wo.status === 'cancelled';

/** Between steps: not started yet, or open with no step waiting for a person. */
const isMoving = (/** @type {WorkOrder} */ wo) => wo.status === 'pending' || wo.status === 'routing' || (!isFinished(wo) && (wo.openTasks ?? []).length === 0);

/** The user's inbox tab: an agent's own tasks, a handler's department. */
const inboxHash = () => (homeHash().startsWith('#/inbox') ? homeHash() : '#/inbox');

/** @type {import('../main.js').View} */
export async function renderWorkOrder(container, route) {
  const id = route.path[1] ?? '';
  const headerSlot = h('div', {}, h('p', { class: 'loading', text: t('common.loading') }));
  const actionsSlot = h('div');
  const columnsSlot = h('div');
  const diagramFrame = h('div', { class: 'diagram', 'data-testid': 'diagram' });
  const diagramNote = h('div');
  const diagram = new ProgressDiagram(diagramFrame);
  const diagramPanel = h(
    'section',
    { class: 'panel', hidden: true },
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { text: t('wo.process') }),
      h(
        'div',
        { class: 'panel-tools legend' },
        h('span', { class: 'legend-item legend-active', text: t('wo.legend.current') }),
        h('span', { class: 'legend-item legend-done', text: t('wo.legend.done') }),
        h('button', { type: 'button', class: 'button button-small', text: t('wo.fit'), onclick: () => diagram.fit() }),
      ),
    ),
    diagramNote,
    diagramFrame,
  );
  // SLA clocks: for everyone who may read them (the section hides itself for others)
  const sla = slaPanel(id, { clockId: route.params.get('clock'), stepNames: () => diagram.names() });
  // the diagram panels stay in the page across reloads, so the viewers keep their pan and zoom
  const page = h(
    'div',
    { class: 'work-order', 'data-work-order-id': id },
    h('nav', { class: 'crumbs', 'aria-label': t('wo.breadcrumb') }, h('a', { href: inboxHash(), text: t('nav.inbox') }), ' / ', h('a', { href: '#/work-orders', text: t('nav.workOrders') }), ' / ', h('span', { class: 'mono', text: id })),
    headerSlot,
    actionsSlot,
    diagramPanel,
    sla.element,
    columnsSlot,
  );
  let disposed = false;
  let settling = false;

  // made once, so a comment being typed survives the page's reloads
  const commentText = h('textarea', { name: 'text', rows: 2, maxlength: 4000, required: true, placeholder: t('wo.comment.placeholder'), 'aria-label': t('wo.comment.label') });
  const commentSend = h('button', { type: 'submit', class: 'button', text: t('wo.comment.add') });
  const commentForm = h('form', { class: 'comment-form', 'data-testid': 'comment-form' }, commentText, commentSend);
  commentForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = commentText.value.trim();
    if (!text) return;
    commentSend.disabled = true;
    api
      .addComment(id, text)
      .then(() => {
        commentText.value = '';
        return load();
      })
      .catch((/** @type {unknown} */ err) => showError(err))
      .finally(() => {
        commentSend.disabled = false;
      });
  });

  /** @returns {Promise<WorkOrder | undefined>} the work order shown, undefined when the page was left */
  async function load() {
    const [wo, progress] = await Promise.all([
      api.workOrder(id),
      // the page is useful without its diagram: a failure here is shown in its place, not fatal
      api.progress(id).then(
        (p) => /** @type {Progress | Error} */ (p),
        (/** @type {unknown} */ err) => (err instanceof Error ? err : new Error(String(err))),
      ),
    ]);
    if (disposed) return undefined;
    mount(headerSlot, header(wo));
    mount(actionsSlot, actionsBar(wo));
    diagramPanel.hidden = false;
    if (progress instanceof Error) {
      diagramFrame.hidden = true;
      const notStarted = progress instanceof ApiError && progress.status === 404;
      mount(diagramNote, h('div', { class: 'empty', text: notStarted ? t('wo.notStarted') : t('wo.diagramFailed', { reason: progress.message }) }));
    } else {
      diagramFrame.hidden = false;
      mount(diagramNote);
      try {
        await diagram.show(progress);
      } catch (err) {
        mount(diagramNote, h('div', { class: 'empty', text: t('wo.diagramFailed', { reason: err instanceof Error ? err.message : String(err) }) }));
      }
    }
    if (disposed) return undefined;
    mount(
      columnsSlot,
      h(
        'div',
        { class: 'columns' },
        h('div', { class: 'column-main' }, descriptionPanel(wo), feedbackPanel(wo), collaborationPanel(wo), commentsPanel(wo), historyPanel(wo, diagram.names())),
        h('div', { class: 'column-side' }, customerPanel(wo), stepsPanel(wo), callbackPanel(wo), attentionPanel(wo), attachmentsPanel(wo), linksPanel(wo)),
      ),
    );
    // the clocks follow the work order's steps; their section draws itself when they change
    void sla.refresh();
    return wo;
  }

  /**
   * Loads again until the work order waits at a step (or is finished), so the next step's
   * buttons appear without a manual reload. Errors end it quietly: the page shows the last state.
   * @param {WorkOrder | undefined} shown
   */
  async function settle(shown) {
    if (settling) return;
    settling = true;
    try {
      let current = shown;
      for (let i = 0; i < SETTLE_TRIES && current && !disposed && isMoving(current); i++) {
        await new Promise((resolve) => setTimeout(resolve, SETTLE_INTERVAL_MS));
        if (disposed) break;
        current = await load().catch(() => undefined);
      }
    } finally {
      settling = false;
    }
  }

  /** @param {WorkOrder} wo */
  function actionsBar(wo) {
    const allowed = wo.allowedActions ?? [];
    return h(
      'section',
      { class: 'actions', 'aria-label': t('wo.actions'), 'data-testid': 'actions' },
      allowed.length > 0
        ? actionButtons(allowed, (action) => void act(action))
        : h('span', {
            class: 'muted',
            'data-testid': isMoving(wo) ? 'moving' : null,
            text: isFinished(wo) ? t('wo.finishedNote') : isMoving(wo) ? t('wo.moving') : t('wo.noAction'),
          }),
    );
  }

  /**
   * Comments: anyone working on the work order may add one; the list shows them oldest first.
   * @param {WorkOrder} wo
   */
  function commentsPanel(wo) {
    const comments = wo.comments ?? [];
    const mayComment = hasRole('agent', 'handler', 'supervisor') && !isFinished(wo);
    if (comments.length === 0 && !mayComment) return null;
    return panel(
      t('wo.comments'),
      comments.length > 0 &&
        h(
          'ul',
          { class: 'comments', 'data-testid': 'comments' },
          comments.map((c) => h('li', {}, h('div', { class: 'muted small', text: `${c.by} · ${formatDateTime(c.at)}` }), h('div', { class: 'prose', text: c.text }))),
        ),
      mayComment && commentForm,
    );
  }

  /** @param {string} action */
  async function act(action) {
    try {
      const answer = await runAction(id, action);
      if (answer === null) return;
      showInfo(t('wo.actionDone', { action: specOf(action).label }));
    } catch (err) {
      showError(err);
    }
    // after a success or a conflict alike, show what the work order is now
    try {
      void settle(await load());
    } catch (err) {
      showError(err);
    }
  }

  mount(container, page);
  try {
    void settle(await load());
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    // also the answer for a work order of another department: the API does not say which
    mount(
      container,
      notFoundPanel({
        title: t('wo.notFound'),
        text: t('wo.notFoundText', { id }),
        detail: err.problem.detail ?? err.problem.title,
        back: { href: inboxHash(), text: t('wo.backToInbox') },
      }),
    );
    return;
  }
  return () => {
    disposed = true;
    diagram.destroy();
    sla.destroy();
  };
}

/** @param {WorkOrder} wo */
function header(wo) {
  /** @param {string} label @param {Node | string} value @param {string} [testId] */
  const fact = (label, value, testId) => h('div', { class: 'fact', 'data-testid': testId ?? null }, h('dt', { text: label }), h('dd', {}, value));
  const callingBack = runningCallback(wo);
  return h(
    'section',
    { class: 'panel wo-header' },
    h(
      'div',
      { class: 'wo-title' },
      h('h1', { class: 'mono', text: wo.workOrderId }),
      h('span', { 'data-testid': 'status' }, statusBadge(wo.status)),
      wo.escalated && h('span', { class: 'badge badge-red', 'data-testid': 'escalated', text: t('wo.badge.escalated') }),
      wo.overdue && h('span', { class: 'badge badge-red-outline', text: t('wo.badge.overdue') }),
      wo.closedAs === 'unreachable' && h('span', { class: 'badge badge-red-outline', 'data-testid': 'closed-unreachable', text: t('wo.badge.closedUnreachable') }),
      callingBack && h('span', { class: 'badge badge-violet', 'data-testid': 'calling-back', text: callbackStage(callingBack) }),
      wo.waitingForCustomer &&
        h('span', { class: 'badge badge-amber', 'data-testid': 'waiting', title: wo.waitingForCustomer.reason, text: t('wo.badge.waiting', { since: formatDateTime(wo.waitingForCustomer.since) }) }),
    ),
    h('p', { class: 'wo-subtitle' }, h('strong', { text: humanize(wo.type) }), ' · ', h('span', { class: 'category', text: wo.category })),
    h(
      'dl',
      { class: 'facts' },
      fact(t('wo.col.priority'), priorityBadge(wo.priority)),
      fact(t('wo.col.tier'), tierBadge(wo.customer?.tier)),
      fact(t('wo.col.department'), wo.department ?? '—', 'department'),
      fact(t('wo.fact.flow'), humanize(wo.flow)),
      fact(t('wo.col.due'), dueCell(wo.dueAt, wo.overdue, wo.status === 'closed' || wo.status === 'cancelled'), 'due'),
      fact(t('wo.fact.handler'), wo.handlerId ?? '—'),
      fact(t('wo.fact.owner'), wo.ownerAgentId),
      fact(t('wo.fact.reopened'), counter(wo.reopenCount, 'reopened')),
      fact(t('wo.fact.urged'), counter(wo.urgeCount, 'urged')),
      fact(t('wo.fact.supervised'), counter(wo.superviseCount, 'supervised')),
    ),
  );
}

/** The callback running now, if any. @param {WorkOrder} wo */
const runningCallback = (wo) => (wo.callbacks ?? []).find((c) => c.state !== 'finished');

/**
 * Where a callback stands, in words (the API's `stage` is English only): the attempt it is at,
 * waiting for the calling window, or the e-mail survey awaiting its answer.
 * @param {NonNullable<WorkOrder['callbacks']>[number]} callback
 */
function callbackStage(callback) {
  const n = callback.attempts.length + 1;
  if (callback.state === 'waiting') return t('wo.callback.stage.waiting', { n });
  if (callback.state === 'survey') return t('wo.callback.stage.survey');
  if (callback.state === 'finished') return t('wo.callback.stage.finished');
  return t('wo.callback.stage.calling', { n });
}

/** Outcome -> badge colour of a callback's result. */
const RESULT_TONE = /** @type {Record<string, string>} */ ({ satisfied: 'green', 'not-satisfied': 'amber', unreachable: 'red-outline' });

/**
 * Automated callbacks (customer-callback): each call with its outcome and answer, the e-mail
 * survey, and the result, newest callback first.
 * @param {WorkOrder} wo
 */
function callbackPanel(wo) {
  const callbacks = [...(wo.callbacks ?? [])].reverse();
  if (callbacks.length === 0) return null;
  return panel(
    t('wo.callback'),
    h(
      'ul',
      { class: 'callbacks', 'data-testid': 'callbacks' },
      callbacks.map((c) =>
        h(
          'li',
          { class: 'callback', 'data-callback': c.callbackId },
          h(
            'div',
            { class: 'collab-head' },
            h('strong', { text: c.mode === 'ivr' ? t('wo.callback.ivr') : t('wo.callback.preview') }),
            c.result ? h('span', { class: `badge badge-${RESULT_TONE[c.result.outcome] ?? 'grey'}`, text: humanize(c.result.outcome) }) : h('span', { class: 'badge badge-violet', text: t('wo.callback.inProgress') }),
          ),
          !c.result && h('p', { class: 'small', 'data-testid': 'callback-stage', text: callbackStage(c) }),
          h(
            'ol',
            { class: 'callback-attempts' },
            c.attempts.map((a) => h('li', {}, h('span', { class: 'mono', text: `#${a.n}` }), ` ${formatDateTime(a.at)} · ${humanize(a.outcome)}`, a.answer ? h('strong', { text: ` · ${humanize(a.answer)}` }) : null)),
          ),
          c.state === 'waiting' && c.waitingUntil && h('p', { class: 'muted small', text: t('wo.callback.nextCall', { at: formatDateTime(c.waitingUntil) }) }),
          c.survey && h('p', { class: 'muted small', text: c.survey.answeredAt ? t('wo.callback.surveyAnswered', { sent: formatDateTime(c.survey.sentAt), answered: formatDateTime(c.survey.answeredAt) }) : t('wo.callback.surveyOpen', { sent: formatDateTime(c.survey.sentAt), until: formatDateTime(c.survey.expiresAt) }) }),
          c.result?.reason && h('p', { class: 'prose', text: t('wo.callback.reason', { reason: humanize(c.result.reason) }) }),
        ),
      ),
    ),
  );
}

/** @param {number} n @param {'reopened' | 'urged' | 'supervised'} what */
function counter(n, what) {
  return h('span', { class: n > 0 ? 'counter counter-hot' : 'counter', title: tn(`wo.counter.${what}`, n), 'data-counter': what, text: String(n ?? 0) });
}

/** @param {string} title @param {...(Child | Child[])} children */
function panel(title, ...children) {
  return h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', { text: title })), h('div', { class: 'panel-body' }, ...children));
}

/** @param {WorkOrder} wo */
function descriptionPanel(wo) {
  return panel(
    t('wo.field.description'),
    h('p', { class: 'prose', text: wo.description }),
    h('p', { class: 'muted small' }, t('wo.received', { at: formatDateTime(wo.createdAt), channel: humanize(wo.channel) }), wo.contactId ? ` · ${t('wo.contact', { id: wo.contactId })}` : ''),
  );
}

/** @param {WorkOrder} wo */
function feedbackPanel(wo) {
  const feedback = typeof wo.feedback === 'string' ? { text: wo.feedback, by: wo.handlerId ?? '', at: '' } : wo.feedback;
  const cancellation = wo.cancellation;
  return panel(
    t('wo.feedback'),
    feedback
      ? [
          h('p', { class: 'prose', 'data-testid': 'feedback', text: feedback.text }),
          h('p', { class: 'muted small', text: [feedback.by && t('wo.by', { who: feedback.by }), feedback.at && formatDateTime(feedback.at)].filter(Boolean).join(' · ') }),
        ]
      : h('p', { class: 'muted', text: t('wo.noFeedback') }),
    cancellation &&
      h(
        'div',
        { class: 'cancellation' },
        h('strong', { text: t('code.cancelled') }),
        h('span', { class: 'muted small', text: ` ${t('wo.by', { who: cancellation.by })} · ${formatDateTime(cancellation.at)}` }),
        h('p', { class: 'prose', text: cancellation.reason }),
      ),
  );
}

/** @param {WorkOrder} wo */
function attentionPanel(wo) {
  const attentions = [...(wo.attentions ?? [])].reverse();
  if (attentions.length === 0) return null;
  return panel(
    t('wo.attentions'),
    h(
      'ul',
      { class: 'attentions' },
      attentions.map((a) =>
        h(
          'li',
          {},
          h('span', { class: a.kind.startsWith('supervis') ? 'badge badge-violet' : 'badge badge-amber', text: humanize(a.kind) }),
          h('span', { class: 'muted small', text: ` ${a.by} · ${formatDateTime(a.at)}` }),
          a.note && h('div', { class: 'prose', text: a.note }),
        ),
      ),
    ),
  );
}

/** @param {WorkOrder} wo */
function collaborationPanel(wo) {
  const collaborations = wo.collaborations ?? [];
  if (collaborations.length === 0) return null;
  return panel(
    t('wo.collaborations'),
    h(
      'ul',
      { class: 'collab-list' },
      collaborations.map((c) =>
        h(
          'li',
          { class: 'collab' },
          h('div', { class: 'collab-head' }, h('strong', { text: c.department }), c.feedback ? h('span', { class: 'badge badge-green', text: t('wo.collab.answered') }) : h('span', { class: 'badge badge-amber', text: t('wo.collab.waiting') })),
          h('p', { class: 'prose', text: c.request }),
          c.requestedBy && h('p', { class: 'muted small', text: `${t('wo.collab.askedBy', { who: c.requestedBy })}${c.requestedAt ? ` · ${formatDateTime(c.requestedAt)}` : ''}` }),
          c.feedback && h('p', { class: 'prose collab-answer' }, h('span', { class: 'muted small', text: `${c.by ?? ''} · ${formatDateTime(c.at)}` }), h('br'), c.feedback),
        ),
      ),
    ),
  );
}

/**
 * @param {WorkOrder} wo
 * @param {Map<string, string>} names step names from the diagram
 */
function historyPanel(wo, names) {
  const entries = [...(wo.history ?? [])].reverse();
  return panel(
    t('wo.history'),
    entries.length === 0
      ? h('p', { class: 'muted', text: t('wo.historyEmpty') })
      : h(
          'ol',
          { class: 'timeline', 'data-testid': 'history' },
          entries.map((e) =>
            h(
              'li',
              { class: 'timeline-item' },
              h('time', { class: 'timeline-time', datetime: e.at, text: formatDateTime(e.at) }),
              h(
                'div',
                { class: 'timeline-body' },
                h(
                  'div',
                  {},
                  h('strong', { text: humanize(e.action) }),
                  statusChange(e.from, e.to),
                  e.elementId ? h('span', { class: 'step-tag', title: e.elementId, text: stepLabel('wo', e.elementId, names.get(e.elementId)) }) : null,
                ),
                h('div', { class: 'muted small', text: t('wo.by', { who: e.by }) }),
                e.note && h('div', { class: 'timeline-note', text: e.note }),
              ),
            ),
          ),
        ),
  );
}

/**
 * ` Dispatched → In progress`, or nothing when the status stayed.
 * @param {string | null} from
 * @param {string | null} to
 */
function statusChange(from, to) {
  if (!to || from === to) return null;
  return h('span', { class: 'muted' }, ' ', from ? `${humanize(from)} → ` : '→ ', humanize(to));
}

/** @param {WorkOrder} wo */
function customerPanel(wo) {
  const c = wo.customer;
  /** @param {string} label @param {Node | string} value */
  const row = (label, value) => h('div', { class: 'kv' }, h('dt', { text: label }), h('dd', {}, value));
  return panel(
    t('wo.col.customer'),
    c
      ? h(
          'dl',
          { class: 'kv-list', 'data-testid': 'customer' },
          row(t('wo.field.name'), c.name),
          row(t('wo.field.customerId'), h('span', { class: 'mono', text: c.customerId })),
          row(t('wo.col.tier'), tierBadge(c.tier)),
          row(t('wo.field.region'), c.region),
          row(t('wo.field.phone'), h('span', { class: 'mono', text: c.phone })),
        )
      : h('p', { class: 'muted', text: t('wo.noCustomer') }),
  );
}

/** @param {WorkOrder} wo */
function stepsPanel(wo) {
  const tasks = wo.openTasks ?? [];
  return panel(
    t('wo.steps'),
    tasks.length === 0
      ? h('p', { class: 'muted', text: t('wo.stepsEmpty') })
      : h(
          'ul',
          { class: 'steps' },
          tasks.map((task) =>
            h(
              'li',
              { 'data-step': task.step },
              h('strong', { text: stepLabel('wo', task.step, task.stepName) }),
              h('div', {
                class: 'muted small',
                text: `${task.assignee ? t('wo.task.assignedTo', { who: task.assignee }) : t('wo.task.for', { groups: task.candidateGroups.join(', ') || '—' })} · ${t('wo.task.since', { at: formatDateTime(task.createdAt) })}`,
              }),
            ),
          ),
        ),
  );
}

/** @param {number} bytes */
const formatSize = (bytes) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Attachments: their records (the files themselves live in the document store). @param {WorkOrder} wo */
function attachmentsPanel(wo) {
  const attachments = wo.attachments ?? [];
  if (attachments.length === 0) return null;
  return panel(
    t('wo.attachments'),
    h(
      'ul',
      { class: 'links' },
      attachments.map((a) => h('li', {}, h('strong', { text: a.fileName }), h('div', { class: 'muted small', text: `${a.contentType} · ${formatSize(a.sizeBytes)} · ${a.by} · ${formatDateTime(a.at)}` }))),
    ),
  );
}

/** @param {WorkOrder} wo */
function linksPanel(wo) {
  const links = wo.links ?? [];
  if (links.length === 0) return null;
  return panel(
    t('wo.links'),
    h(
      'ul',
      { class: 'links' },
      links.map((l) => h('li', {}, idLink(l.workOrderId, `#/work-orders/${encodeURIComponent(l.workOrderId)}`), h('span', { class: 'muted', text: ` ${l.relation === 'related' ? t('wo.related') : l.relation}` }))),
    ),
  );
}
