import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { SurveyError } from '../../domain/callback/errors';
import { DissatisfactionReasons, type SurveyReply } from '../../domain/callback/survey';
import type { Surveys } from '../../services/survey-service';
import { surveyForm, surveyThanks, surveyUnavailable } from '../survey-page';

/** The form as the browser posts it; an empty select or textarea arrives as an empty string. */
const blankAsAbsent = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const SurveyForm = z
  .object({
    answer: z.enum(['satisfied', 'not-satisfied']),
    reason: z.preprocess(blankAsAbsent, z.enum(DissatisfactionReasons).optional()),
    comment: z.preprocess(blankAsAbsent, z.string().trim().max(500).optional()),
  })
  .refine((f) => f.answer === 'satisfied' || f.reason !== undefined, { message: 'Please say why you are not satisfied · 请选择不满意的原因', path: ['reason'] });

const toReply = (form: z.infer<typeof SurveyForm>): SurveyReply =>
  form.answer === 'satisfied' ? { answer: 'satisfied' } : { answer: 'not-satisfied', reason: form.reason!, ...(form.comment ? { comment: form.comment } : {}) };

const TokenParam = z.object({ token: z.string().min(10).max(400) });

/**
 * `GET|POST /survey/:token`: the public page of a customer's e-mail survey (no login: the signed,
 * expiring token in the link is the key). Answers HTML for people, never problem+json: 404 for a
 * link the platform did not make, 410 once the survey closed, 400 with the form again for an
 * incomplete answer.
 */
export function surveyRouter(surveys: Surveys): Router {
  const router = Router();
  const html = (res: Response, status: number, body: string): void => {
    res.status(status).set('Cache-Control', 'no-store').type('html').send(body);
  };
  const unavailable = (res: Response, err: unknown): void => {
    if (!(err instanceof SurveyError)) throw err;
    const closed = err.code === 'SURVEY_CLOSED';
    html(res, closed ? 410 : 404, surveyUnavailable(closed));
  };

  router.get('/:token', async (req, res) => {
    const params = TokenParam.safeParse(req.params);
    if (!params.success) return html(res, 404, surveyUnavailable(false));
    try {
      const survey = await surveys.open(params.data.token);
      html(res, 200, survey.reply ? surveyThanks(survey.reply) : surveyForm(survey));
    } catch (err) {
      unavailable(res, err);
    }
  });

  router.post('/:token', express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 }), async (req, res) => {
    const params = TokenParam.safeParse(req.params);
    if (!params.success) return html(res, 404, surveyUnavailable(false));
    try {
      const form = SurveyForm.safeParse(req.body);
      if (!form.success) {
        const survey = await surveys.open(params.data.token);
        return html(res, 400, surveyForm(survey, form.error.issues[0]?.message ?? 'Please answer the question'));
      }
      const answered = await surveys.answer(params.data.token, toReply(form.data));
      html(res, 200, surveyThanks(answered.reply!));
    } catch (err) {
      unavailable(res, err);
    }
  });

  return router;
}
