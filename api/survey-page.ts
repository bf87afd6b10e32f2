import { DissatisfactionReasons, type DissatisfactionReason, type SurveyReply } from '../domain/callback/survey';
import type { SurveyPage } from '../services/survey-service';

/**
 * The customer's survey page: plain HTML, no script, in Chinese with English beside it (the
 * customer's language is not known). Every value from a record is escaped.
 */

const escape = (value: string): string => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const REASON_WORDS: Record<DissatisfactionReason, string> = {
  'not-solved': '问题没有解决 · The problem is not solved',
  'too-slow': '处理太慢 · It took too long',
  attitude: '服务态度 · Staff attitude',
  other: '其他 · Something else',
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escape(title)}</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #1f2937; }
h1 { font-size: 1.3rem; } fieldset { border: 1px solid #d1d5db; border-radius: 6px; margin: 1rem 0; } label { display: block; margin: .4rem 0; }
select, textarea { width: 100%; font: inherit; } button { font: inherit; padding: .5rem 1.5rem; } .muted { color: #6b7280; font-size: .9rem; } .error { color: #b91c1c; }
</style></head>
<body>
${body}
<p class="muted">Closeloop 客户服务中心 · Customer service center</p>
</body></html>`;
}

const about = (survey: SurveyPage): string =>
  `<p>${survey.customerName ? `${escape(survey.customerName)}，您好！` : '您好！'} Hello!</p>
<p>关于 / About: <strong>${escape(survey.title)}</strong></p>`;

export function surveyForm(survey: SurveyPage, error?: string): string {
  const reasons = DissatisfactionReasons.map((r) => `<option value="${r}">${escape(REASON_WORDS[r])}</option>`).join('');
  return page(
    '满意度调查 · Satisfaction survey',
    `<h1>满意度调查 · Satisfaction survey</h1>
${about(survey)}
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post">
<fieldset><legend>您对处理结果满意吗？ Are you satisfied with how we handled it?</legend>
<label><input type="radio" name="answer" value="satisfied" required> 满意 · Satisfied</label>
<label><input type="radio" name="answer" value="not-satisfied"> 不满意 · Not satisfied</label>
</fieldset>
<fieldset><legend>如不满意，原因是？ If not, why?</legend>
<select name="reason"><option value="">—</option>${reasons}</select>
<label>补充说明（可选） · In your words (optional)<textarea name="comment" rows="3" maxlength="500"></textarea></label>
</fieldset>
<button type="submit">提交 · Send</button>
</form>
<p class="muted">链接有效期至 · Open until ${escape(survey.openUntil)}</p>`,
  );
}

export function surveyThanks(reply: SurveyReply): string {
  const said = reply.answer === 'satisfied' ? '满意 · Satisfied' : `不满意 · Not satisfied: ${escape(REASON_WORDS[reply.reason])}`;
  return page('谢谢 · Thank you', `<h1>感谢您的反馈 · Thank you</h1>\n<p>您的回答 · Your answer: <strong>${said}</strong></p>`);
}

export function surveyUnavailable(closed: boolean): string {
  return closed
    ? page('调查已结束 · Survey closed', '<h1>调查已结束 · This survey is closed</h1>\n<p>感谢您的关注。 The time to answer has passed; thank you all the same.</p>')
    : page('链接无效 · Invalid link', '<h1>链接无效 · This link is not valid</h1>\n<p>请检查邮件中的链接是否完整。 Please check that the whole link from the e-mail was opened.</p>');
}
