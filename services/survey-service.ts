import type { CallbackDoc, CallbackRepository, CallbackSurvey } from '../adapters/mongo/callback.repository';
import type { WorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import { SurveyError } from '../domain/callback/errors';
import { CallbackProcess } from '../domain/callback/process';
import type { SurveyReply } from '../domain/callback/survey';
import { signSurveyToken, verifySurveyToken } from '../domain/callback/survey-token';
import { formatCenterTime } from '../domain/mail/digest';

/** What the public survey page shows. */
export interface SurveyPage {
  readonly customerName?: string | undefined;
  readonly title: string;
  readonly workOrderId?: string | undefined;
  readonly expiresAt: Date;
  /** The same, as the center's clocks read it (`2026-11-24 14:00`). */
  readonly openUntil: string;
  /** The customer's answer, once given. */
  readonly reply?: SurveyReply | undefined;
}

export interface Surveys {
  /** The public page of a callback's survey, `<SURVEY_PUBLIC_URL>/survey/<signed token>`. */
  linkFor(callbackId: string, expiresAt: Date): string;
  /** The survey a link opens; SURVEY_LINK_INVALID or SURVEY_CLOSED when it opens none. */
  open(token: string): Promise<SurveyPage>;
  /**
   * Records the customer's answer on the callback (the first one counts) and tells the callback's
   * instance. The record is what the callback reads: should the message not reach the engine, the
   * answer still counts when the survey's time runs out, and answering again sends it again.
   */
  answer(token: string, reply: SurveyReply): Promise<SurveyPage>;
}

type Surveyed = CallbackDoc & { survey: CallbackSurvey };
const hasSurvey = (callback: CallbackDoc | undefined): callback is Surveyed => callback?.survey !== undefined;

export function createSurveys(deps: {
  callbacks: CallbackRepository;
  engine: Pick<WorkOrderEngine, 'publish'>;
  clock: Clock;
  secret: string;
  publicUrl: string;
  centerTimeZone: string;
  logger: Logger;
}): Surveys {
  const base = deps.publicUrl.replace(/\/+$/, '');

  const pageOf = (callback: Surveyed): SurveyPage => ({
    customerName: callback.customerName,
    title: callback.title,
    workOrderId: callback.workOrderId,
    expiresAt: callback.survey.expiresAt,
    openUntil: formatCenterTime(callback.survey.expiresAt, deps.centerTimeZone),
    reply: callback.survey.reply,
  });

  /** The callback the token opens, with a survey still open or answered. */
  async function surveyOf(token: string): Promise<Surveyed> {
    const check = verifySurveyToken(token, deps.secret, deps.clock.now());
    if (!check.ok) throw check.why === 'expired' ? SurveyError.closed() : SurveyError.invalid();
    const callback = await deps.callbacks.find(check.callbackId);
    if (!hasSurvey(callback)) throw SurveyError.invalid();
    // a finished callback that never got the answer: the survey's time ran out
    if (callback.result && !callback.survey.reply) throw SurveyError.closed();
    return callback;
  }

  async function tellTheProcess(callbackId: string): Promise<void> {
    try {
      await deps.engine.publish({ name: CallbackProcess.messages.surveyAnswered, correlationKey: callbackId, messageId: `callback-survey/${callbackId}`, variables: {} });
    } catch (err) {
      deps.logger.warn({ err, callbackId }, 'the survey answer is recorded but the engine did not take its message; it counts when the survey closes');
    }
  }

  return {
    linkFor: (callbackId, expiresAt) => `${base}/survey/${signSurveyToken(callbackId, expiresAt, deps.secret)}`,

    async open(token) {
      return pageOf(await surveyOf(token));
    },

    async answer(token, reply) {
      const found = await surveyOf(token);
      const now = deps.clock.now();
      const answered = await deps.callbacks.change(found._id, (callback) =>
        callback.survey && !callback.survey.reply && !callback.result
          ? { set: { survey: { ...callback.survey, reply, answeredAt: now } }, line: { at: now, event: 'survey-answered', detail: reply.answer } }
          : undefined,
      );
      const current = answered ?? (await surveyOf(token));
      if (!hasSurvey(current) || !current.survey.reply) throw SurveyError.closed();
      await tellTheProcess(found._id);
      return pageOf(current);
    },
  };
}
