import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { DomainError, InvalidInputError } from '../domain/errors';
import { ProcessLintFailedError, type ProcessIssue } from '../domain/process/errors';
import type { Logger } from '../config/logger';

/** RFC 9457 problem details, plus a stable machine-readable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  /** Field-level reasons of a validation failure. */
  errors?: { path: string; line?: number; message: string }[];
  /** PROCESS_LINT_FAILED: the lint's findings (element id, message, category). */
  issues?: readonly ProcessIssue[];
}

/** Error the HTTP layer itself raises (bad JSON, wrong media type): already an HTTP answer. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** HTTP status of each domain error code; an unknown code is a server error. */
const STATUS_OF_DOMAIN_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  INVALID_CREDENTIALS: 401,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_IDENTITY_DATA: 422,
  ACCOUNT_LOCKED: 423,
  ACTION_NOT_ALLOWED: 409,
  REQUEST_IN_PROGRESS: 409,
  WORK_ORDER_BUSY: 409,
  STEP_NOT_PERMITTED: 403,
  UNKNOWN_DEPARTMENT: 422,
  UNKNOWN_CONTACT: 422,
  UNKNOWN_WORK_ORDER: 422,
  INVALID_DEPARTMENT: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  CALL_REQUEST_REUSED: 422,
  CALL_NOT_STARTED: 503,
  MAIL_NOT_DEAD_LETTERED: 409,
  MAIL_CHANGED: 409,
  MAILBOX_NOT_LOCAL: 404,
  MAILBOX_UNREACHABLE: 503,
  CORRECTION_NOT_ALLOWED: 422,
  INVALID_BATCH_FILE_NAME: 422,
  BATCH_FILE_PENDING: 409,
  BATCH_FILE_TOO_LARGE: 413,
  CAMPAIGN_STATE: 409,
  CAMPAIGN_SETTINGS_INVALID: 422,
  CAMPAIGN_ENGINE_UNAVAILABLE: 503,
  PREVIEW_TASK_TAKEN: 409,
  PREVIEW_TASK_DONE: 409,
  PREVIEW_CALL_PLACED: 409,
  PREVIEW_TASK_GONE: 410,
  PREVIEW_ANSWER_MISMATCH: 422,
  CALL_NOT_ALLOWED_NOW: 409,
  UNKNOWN_CALENDAR: 422,
  SURVEY_LINK_INVALID: 404,
  SURVEY_CLOSED: 410,
  LIST_MAPPING_INVALID: 422,
  LIST_FILE_TOO_LARGE: 413,
  LIST_FORMAT_UNSUPPORTED: 422,
  LIST_FILE_UNREADABLE: 422,
  LIST_EMPTY: 422,
  LIST_TOO_MANY_ROWS: 422,
  BLACKLIST_ENTRY_EXISTS: 409,
  BLACKLIST_ENTRY_STATE: 409,
  CALENDAR_IMPORT_INVALID: 422,
  CALENDAR_INVALID: 422,
  RULES_CHANGED: 409,
  MAIL_TEMPLATE_INVALID: 422,
  USER_EXISTS: 409,
  UNIT_EXISTS: 409,
  OWN_ADMIN_ROLE: 409,
  OWN_ACCOUNT_DISABLE: 409,
  LAST_ADMIN: 409,
  DEPARTMENT_IN_USE: 409,
  ROLE_NOT_ALLOWED_IN_UNIT: 422,
  UNIT_DISABLED: 422,
  PROCESS_LINT_FAILED: 422,
  PROCESS_ID_MISMATCH: 422,
  PROCESS_REJECTED: 422,
  PROCESS_UNCHANGED: 409,
  PROCESS_CHANGED: 409,
  PROCESS_ENGINE_UNAVAILABLE: 503,
  RECORD_BUSY: 503,
};

export function sendProblem(res: Response, problem: Omit<Problem, 'type'>): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({ type: `urn:closeloop:problem:${problem.code.toLowerCase().replace(/_/g, '-')}`, ...problem });
}

export const routeNotFound: RequestHandler = (req, res) => {
  sendProblem(res, {
    status: 404,
    code: 'ROUTE_NOT_FOUND',
    title: 'No such route',
    detail: `${req.method} ${req.path} is not an endpoint of this API`,
    instance: req.originalUrl,
  });
};

/** Turns every error into problem+json. Only 5xx are logged as errors; their detail stays generic. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const instance = req.originalUrl;
    if (err instanceof z.ZodError) {
      sendProblem(res, {
        status: 400,
        code: 'VALIDATION_FAILED',
        title: 'The request is not valid',
        detail: err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
        errors: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        instance,
      });
      return;
    }
    if (err instanceof HttpProblem) {
      sendProblem(res, { status: err.status, code: err.code, title: err.title, detail: err.message, instance });
      return;
    }
    const bodyParserError = asBodyParserError(err);
    if (bodyParserError) {
      sendProblem(res, { ...bodyParserError, instance });
      return;
    }
    if (err instanceof DomainError && STATUS_OF_DOMAIN_CODE[err.code] !== undefined) {
      const extra =
        err instanceof InvalidInputError ? { errors: [...err.issues] } : err instanceof ProcessLintFailedError ? { issues: err.issues } : {};
      sendProblem(res, { status: STATUS_OF_DOMAIN_CODE[err.code]!, code: err.code, title: err.message, detail: err.message, instance, ...extra });
      return;
    }
    logger.error({ err, instance }, 'unhandled error');
    sendProblem(res, {
      status: 500,
      code: 'INTERNAL',
      title: 'Internal error',
      detail: 'The server could not complete the request. The error is logged; look the resource up before sending a change again.',
      instance,
    });
  };
}

/** express.json() errors carry `type` and `status`; map the ones a client can cause. */
function asBodyParserError(err: unknown): Omit<Problem, 'type'> | undefined {
  const e = err as { type?: string; status?: number; message?: string } | null;
  switch (e?.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'MALFORMED_JSON', title: 'The body is not valid JSON', detail: e.message ?? '' };
    case 'entity.too.large':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'The body is too large', detail: e.message ?? '' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'UNSUPPORTED_ENCODING', title: 'Unsupported body encoding', detail: e.message ?? '' };
    default:
      return undefined;
  }
}
