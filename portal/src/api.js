// @ts-check
/**
 * The API client of the portal: same origin, JSON in and out, the session's bearer token, and
 * every failure as an ApiError that carries the problem+json the API answered.
 */
import { clearSession, currentSession } from './session.js';

/** @typedef {import('./types.js').Problem} Problem */
/** @typedef {import('./types.js').Session} Session */
/** @typedef {import('./types.js').Unit} Unit */
/** @typedef {import('./types.js').WorkOrder} WorkOrder */
/** @typedef {import('./types.js').WorkOrderSummary} WorkOrderSummary */
/** @typedef {import('./types.js').Progress} Progress */
/** @typedef {import('./types.js').InboxTask} InboxTask */
/** @typedef {import('./types.js').Contact} Contact */
/** @typedef {import('./types.js').ComplianceReport} ComplianceReport */
/** @typedef {import('./types.js').BreachList} BreachList */
/** @typedef {import('./types.js').WorkOrderSla} WorkOrderSla */
/** @typedef {import('./types.js').MailboxSummary} MailboxSummary */
/** @typedef {import('./types.js').MailboxMessage} MailboxMessage */
/** @typedef {import('./types.js').DeadLetter} DeadLetter */
/** @typedef {import('./types.js').OaDeadLetter} OaDeadLetter */
/** @typedef {import('./types.js').OaEndpoint} OaEndpoint */
/** @typedef {import('./types.js').AdminUser} AdminUser */
/** @typedef {import('./types.js').AdminUnit} AdminUnit */
/** @typedef {import('./types.js').ResendResult} ResendResult */
/** @typedef {import('./types.js').Role} Role */
/** @template T @typedef {import('./types.js').Page<T>} Page */
/** @typedef {import('./types.js').PreviewTask} PreviewTask */
/** @typedef {import('./types.js').Call} Call */
/** @typedef {import('./types.js').Campaign} Campaign */
/** @typedef {import('./types.js').CampaignSettings} CampaignSettings */
/** @typedef {import('./types.js').CampaignCommand} CampaignCommand */
/** @typedef {import('./types.js').ListMapping} ListMapping */
/** @typedef {import('./types.js').ListPreview} ListPreview */
/** @typedef {import('./types.js').FilteredRows} FilteredRows */
/** @typedef {import('./types.js').Calendar} Calendar */
/** @typedef {import('./types.js').SlaPolicy} SlaPolicy */
/** @typedef {import('./types.js').CalendarImportPreview} CalendarImportPreview */
/** @typedef {import('./types.js').MailTemplateState} MailTemplateState */
/** @typedef {import('./types.js').MailTemplatePair} MailTemplatePair */
/** @typedef {import('./types.js').MailTemplateVersion} MailTemplateVersion */
/** @typedef {import('./types.js').RenderedMail} RenderedMail */

export class ApiError extends Error {
  /** @param {Problem} problem */
  constructor(problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code ?? '';
  }
}

/** Called when the API says the session is gone (401): the app shows the login page. */
let onUnauthenticated = () => {};

/** @param {() => void} handler */
export function setUnauthenticatedHandler(handler) {
  onUnauthenticated = handler;
}

/**
 * @template T
 * @param {string} method
 * @param {string} path
 * @param {{ body?: unknown, form?: FormData, headers?: Record<string, string>, anonymous?: boolean }} [options]
 *   `body` goes as JSON, `form` as multipart/form-data (a file upload)
 * @returns {Promise<T>}
 */
export async function request(method, path, { body, form, headers = {}, anonymous = false } = {}) {
  const session = anonymous ? null : currentSession();
  /** @type {Record<string, string>} */
  const allHeaders = { accept: 'application/json, application/problem+json', ...headers };
  // a form's content type carries its boundary: the browser sets it
  if (body !== undefined) allHeaders['content-type'] = 'application/json';
  if (session) allHeaders.authorization = `Bearer ${session.token}`;

  let response;
  try {
    response = await fetch(path, {
      method,
      headers: allHeaders,
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
      credentials: 'same-origin',
    });
  } catch (err) {
    throw new ApiError({
      title: 'The server cannot be reached',
      status: 0,
      detail: `${method} ${path}: ${err instanceof Error ? err.message : String(err)}. Check the connection and try again.`,
      code: 'NETWORK',
    });
  }

  const parsed = parseJson(await response.text());
  if (response.ok) return /** @type {T} */ (parsed);
  throw failure(method, path, response, parsed, anonymous);
}

/**
 * @param {string} text
 * @returns {unknown} the JSON value, or null for no body or one that is not JSON
 */
function parseJson(text) {
  if (!text) return null;
  try {
    return /** @type {unknown} */ (JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * The ApiError of a failed answer; a 401 also ends the session.
 * @param {string} method @param {string} path @param {Response} response @param {unknown} parsed @param {boolean} anonymous
 */
function failure(method, path, response, parsed, anonymous) {
  const problem = isProblem(parsed)
    ? parsed
    : { title: `${response.status} ${response.statusText}`, status: response.status, detail: `${method} ${path} failed` };
  if (response.status === 401 && !anonymous) {
    clearSession();
    onUnauthenticated();
  }
  return new ApiError(problem);
}

/**
 * GET of a file the API answers (a CSV report, a BPMN version): the session's token goes with
 * it, and a failure is an ApiError like any other (a 401 ends the session).
 * @param {string} path
 * @param {string} accept the file's media type
 * @returns {Promise<Response>}
 */
export async function fetchFile(path, accept) {
  const session = currentSession();
  /** @type {Record<string, string>} */
  const headers = { accept: `${accept}, application/problem+json` };
  if (session) headers.authorization = `Bearer ${session.token}`;
  let response;
  try {
    response = await fetch(path, { headers, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError({ title: 'The server cannot be reached', status: 0, detail: `GET ${path}: ${err instanceof Error ? err.message : String(err)}`, code: 'NETWORK' });
  }
  if (!response.ok) throw failure('GET', path, response, parseJson(await response.text()), false);
  return response;
}

/**
 * Downloads a file the API answers (a CSV report) and hands it to the browser as a download.
 * A plain link cannot do it: the API needs the session's bearer token, which only fetch sends.
 * @param {string} path
 * @param {string} fallbackName file name when the answer names none
 * @returns {Promise<string>} the file name saved
 */
export async function download(path, fallbackName) {
  const response = await fetchFile(path, 'text/csv');
  const blob = await response.blob();
  const named = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '');
  const fileName = named?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // the browser has taken the file once the click's task has run
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}

/**
 * @param {unknown} value
 * @returns {value is Problem}
 */
function isProblem(value) {
  return typeof value === 'object' && value !== null && typeof (/** @type {Problem} */ (value).title) === 'string';
}

/**
 * @param {Record<string, string | number | boolean | null | undefined>} params
 * @returns {string} `?a=1&b=x`, leaving out empty values; '' when none is left
 */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

/**
 * A multipart form of text fields and files, in the order given.
 * @param {Record<string, string | File>} fields
 */
function formOf(fields) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

export const api = {
  /** @param {string} username @param {string} password @returns {Promise<Session>} */
  login: (username, password) => request('POST', '/api/auth/login', { body: { username, password }, anonymous: true }),
  /** @returns {Promise<void>} */
  logout: () => request('POST', '/api/auth/logout'),
  /** @returns {Promise<Session>} */
  renewSession: () => request('POST', '/api/auth/renew'),
  /** @returns {Promise<Unit[]>} */
  units: async () => {
    /** @type {Unit[] | { units: Unit[] }} */
    const answer = await request('GET', '/api/units');
    return Array.isArray(answer) ? answer : answer.units;
  },

  /** @param {'department' | 'mine'} view @returns {Promise<{ items: InboxTask[] }>} */
  tasks: (view) => request('GET', `/api/tasks${query({ view })}`),

  /**
   * @param {Record<string, string | boolean | number | undefined>} filters
   * @returns {Promise<{ items: WorkOrderSummary[], nextCursor: string | null }>}
   */
  workOrders: (filters) => request('GET', `/api/work-orders${query(filters)}`),
  /** @param {string} id @returns {Promise<WorkOrder>} */
  workOrder: (id) => request('GET', `/api/work-orders/${enc(id)}`),
  /** @param {string} id @returns {Promise<Progress>} */
  progress: (id) => request('GET', `/api/work-orders/${enc(id)}/progress`),
  /**
   * @param {string} id @param {string} action @param {Record<string, unknown>} body
   * @returns {Promise<unknown>} the work order, or `{attentionId}` for urge and supervise
   */
  act: (id, action, body) => request('POST', `/api/work-orders/${enc(id)}/${enc(action)}`, { body }),
  /** @param {string} id @param {string} text @returns {Promise<WorkOrder>} */
  addComment: (id, text) => request('POST', `/api/work-orders/${enc(id)}/comments`, { body: { text } }),
  /**
   * @param {Record<string, unknown>} body @param {string} idempotencyKey
   * @returns {Promise<WorkOrder>}
   */
  createWorkOrder: (body, idempotencyKey) =>
    request('POST', '/api/work-orders', { body, headers: { 'idempotency-key': idempotencyKey } }),

  /** @param {Record<string, unknown>} body @returns {Promise<Contact>} */
  createContact: (body) => request('POST', '/api/contacts', { body }),

  /** @param {string} id @returns {Promise<WorkOrderSla>} the work order's SLA clocks, journal and diagrams */
  workOrderSla: (id) => request('GET', `/api/sla/work-orders/${enc(id)}`),
  /**
   * @param {Record<string, string | undefined>} params from, to (instants), groupBy, kind
   * @returns {Promise<ComplianceReport>}
   */
  slaCompliance: (params) => request('GET', `/api/sla/compliance${query(params)}`),
  /**
   * @param {Record<string, string | undefined>} params from, to (instants), department, kind
   * @returns {Promise<BreachList>}
   */
  slaBreaches: (params) => request('GET', `/api/sla/breaches${query(params)}`),

  /** @returns {Promise<{ items: PreviewTask[] }>} agents: customers waiting for a preview call, oldest first */
  previewQueue: () => request('GET', '/api/preview-queue'),
  /** @param {string} taskId @returns {Promise<PreviewTask>} the customer, now held by the caller */
  claimPreview: (taskId) => request('POST', `/api/preview-queue/${enc(taskId)}/claim`),
  /** @param {string} taskId @param {string} requestId @returns {Promise<Call>} */
  dialPreview: (taskId, requestId) => request('POST', `/api/preview-queue/${enc(taskId)}/dial`, { body: { requestId } }),
  /** @param {string} taskId @param {Record<string, string>} body @returns {Promise<unknown>} */
  recordPreview: (taskId, body) => request('POST', `/api/preview-queue/${enc(taskId)}/result`, { body }),
  /** @param {string} callId @returns {Promise<Call>} */
  call: (callId) => request('GET', `/api/calls/${enc(callId)}`),

  /** @returns {Promise<Campaign[]>} the campaigns the caller runs or audits, newest first */
  campaigns: () => request('GET', '/api/campaigns'),
  /** @param {string} id @returns {Promise<Campaign>} */
  campaign: (id) => request('GET', `/api/campaigns/${enc(id)}`),
  /** @param {CampaignSettings} settings @returns {Promise<Campaign>} a draft */
  createCampaign: (settings) => request('POST', '/api/campaigns', { body: settings }),
  /** @param {string} id @param {CampaignCommand} command @param {string} [note] @returns {Promise<Campaign>} */
  campaignCommand: (id, command, note) => request('POST', `/api/campaigns/${enc(id)}/${command}`, { body: note ? { note } : {} }),
  /** @param {File} file @returns {Promise<ListPreview>} nothing is stored */
  previewList: (file) => request('POST', '/api/campaigns/list-preview', { form: formOf({ file }) }),
  /** @param {string} id @param {File} file @param {ListMapping} mapping @returns {Promise<Campaign>} importing */
  importList: (id, file, mapping) => request('POST', `/api/campaigns/${enc(id)}/list`, { form: formOf({ mapping: JSON.stringify(mapping), file }) }),
  /** @param {string} id @param {number} limit @returns {Promise<FilteredRows>} the first filtered rows */
  filteredRows: (id, limit) => request('GET', `/api/campaigns/${enc(id)}/list/filtered${query({ limit })}`),
  /** @returns {Promise<Calendar[]>} the current version of every business calendar */
  calendars: () => request('GET', '/api/sla/calendars'),
  /**
   * @param {Omit<Calendar, 'version' | 'savedBy' | 'savedAt' | 'comment'>} calendar @param {string} comment @param {number} basedOnVersion
   * @returns {Promise<Calendar>} the next version
   */
  saveCalendar: (calendar, comment, basedOnVersion) => request('POST', '/api/sla/calendars', { body: { calendar, comment, basedOnVersion } }),
  /** @param {string} id @returns {Promise<Calendar[]>} every version, oldest first */
  calendarVersions: (id) => request('GET', `/api/sla/calendars/${enc(id)}/versions`),
  /**
   * @param {string} id @param {number} basedOnVersion @param {{ date: string, kind: 'holiday' | 'workday' | 'normal' }[]} edits @param {string} comment
   * @returns {Promise<Calendar>} the next version
   */
  editCalendarDays: (id, basedOnVersion, edits, comment) => request('POST', `/api/sla/calendars/${enc(id)}/days`, { body: { basedOnVersion, edits, comment } }),
  /** @param {string} id @param {number} year @param {string} content @returns {Promise<CalendarImportPreview>} nothing is saved */
  previewCalendarImport: (id, year, content) => request('POST', `/api/sla/calendars/${enc(id)}/import/preview`, { body: { year, content } }),
  /**
   * @param {string} id @param {number} year @param {string} content @param {number} basedOnVersion @param {string} comment
   * @returns {Promise<{ calendar: Calendar, preview: CalendarImportPreview }>}
   */
  importCalendarYear: (id, year, content, basedOnVersion, comment) => request('POST', `/api/sla/calendars/${enc(id)}/import`, { body: { year, content, basedOnVersion, comment } }),
  /** @returns {Promise<SlaPolicy[]>} the current version of every SLA policy */
  slaPolicies: () => request('GET', '/api/sla/policies'),
  /** @param {string} id @returns {Promise<SlaPolicy[]>} every version, oldest first */
  slaPolicyVersions: (id) => request('GET', `/api/sla/policies/${enc(id)}/versions`),
  /** @param {Record<string, unknown>} policy without version; `basedOnVersion`: the version edited (409 RULES_CHANGED when someone saved in between) @returns {Promise<SlaPolicy>} the next version */
  saveSlaPolicy: (policy) => request('POST', '/api/sla/policies', { body: policy }),

  /** @returns {Promise<{ items: DeadLetter[] }>} admins: mail the drainer gave up on */
  /** @param {{ page?: number, pageSize?: number }} [page] @returns {Promise<Page<DeadLetter>>} */
  deadLetters: (page = {}) => request('GET', `/api/admin/mail/dead-letters${query(page)}`),
  /** @param {string[]} keys @returns {Promise<{ results: ResendResult[] }>} */
  resendDeadLetters: (keys) => request('POST', '/api/admin/mail/dead-letters/resend', { body: { keys } }),
  /** @param {{ page?: number, pageSize?: number }} [page] @returns {Promise<Page<OaDeadLetter>>} */
  oaDeadLetters: (page = {}) => request('GET', `/api/admin/oa/dead-letters${query(page)}`),
  /** @param {string[]} ids @returns {Promise<{ results: ResendResult[] }>} */
  resendOaDeadLetters: (ids) => request('POST', '/api/admin/oa/dead-letters/resend', { body: { ids } }),
  /** @returns {Promise<OaEndpoint[]>} */
  oaEndpoints: () => request('GET', '/api/admin/oa/endpoints'),
  /** @param {string} id @param {'signing' | 'verifying'} direction @returns {Promise<{ endpoint: OaEndpoint, secret: string }>} */
  rotateOaSecret: (id, direction) => request('POST', `/api/admin/oa/endpoints/${enc(id)}/rotate`, { body: { direction } }),
  /** @param {Record<string, string | number | undefined>} filters q, unitId, role, page, pageSize @returns {Promise<Page<AdminUser>>} */
  adminUsers: (filters) => request('GET', `/api/admin/users${query(filters)}`),
  /** @param {Record<string, unknown>} user @returns {Promise<AdminUser>} */
  createUser: (user) => request('POST', '/api/admin/users', { body: user }),
  /** @param {string} username @param {Record<string, unknown>} change @returns {Promise<AdminUser>} */
  updateUser: (username, change) => request('PATCH', `/api/admin/users/${enc(username)}`, { body: change }),
  /** @param {string} username @param {string} password @returns {Promise<void>} */
  resetPassword: (username, password) => request('POST', `/api/admin/users/${enc(username)}/password`, { body: { password } }),
  /** @returns {Promise<{ units: AdminUnit[] }>} */
  adminUnits: () => request('GET', '/api/admin/units'),
  /** @param {Record<string, unknown>} unit @returns {Promise<AdminUnit>} */
  createUnit: (unit) => request('POST', '/api/admin/units', { body: unit }),
  /** @param {string} unitId @param {{ name?: string, disabled?: boolean }} change @returns {Promise<AdminUnit>} */
  updateUnit: (unitId, change) => request('PATCH', `/api/admin/units/${enc(unitId)}`, { body: change }),
  /** @param {Record<string, string | undefined>} params to, limit @returns {Promise<{ messages: MailboxSummary[] }>} */
  mailbox: (params) => request('GET', `/api/admin/mailbox${query(params)}`),
  /** @param {string} id @returns {Promise<MailboxMessage>} */
  mailboxMessage: (id) => request('GET', `/api/admin/mailbox/${enc(id)}`),
  /** @returns {Promise<{ items: MailTemplateState[] }>} */
  mailTemplates: () => request('GET', '/api/admin/mail-templates'),
  /** @param {string} name @returns {Promise<MailTemplateState & { versions: MailTemplateVersion[] }>} */
  mailTemplate: (name) => request('GET', `/api/admin/mail-templates/${enc(name)}`),
  /**
   * @param {string} name @param {MailTemplatePair} templates @param {string} comment @param {number} basedOnVersion the version edited (0: the built-in text)
   * @returns {Promise<MailTemplateVersion>} the next version; 409 RULES_CHANGED when someone saved in between
   */
  saveMailTemplate: (name, templates, comment, basedOnVersion) => request('PUT', `/api/admin/mail-templates/${enc(name)}`, { body: { templates, comment, basedOnVersion } }),
  /** @param {string} name @param {string} comment @param {number} basedOnVersion as for saveMailTemplate @returns {Promise<MailTemplateVersion>} */
  resetMailTemplate: (name, comment, basedOnVersion) => request('POST', `/api/admin/mail-templates/${enc(name)}/reset`, { body: { comment, basedOnVersion } }),
  /** @param {string} name @param {MailTemplatePair} templates @returns {Promise<Record<'zh-CN' | 'en', RenderedMail>>} */
  previewMailTemplate: (name, templates) => request('POST', `/api/admin/mail-templates/${enc(name)}/preview`, { body: { templates } }),
};

/** @type {Promise<Unit[]> | undefined} */
let departmentsOnce;

/** The departments (units of kind `department`), fetched once per page load; a failure is not kept. */
export function departments() {
  departmentsOnce ??= api.units().then(
    (units) => units.filter((u) => u.kind === 'department').sort((a, b) => a.name.localeCompare(b.name)),
    (err) => {
      departmentsOnce = undefined;
      throw err;
    },
  );
  return departmentsOnce;
}
