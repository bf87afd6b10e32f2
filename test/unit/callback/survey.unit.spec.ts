import { reasonText, replyOfKeys, SurveyReplySchema } from '../../../domain/callback/survey';
import { signSurveyToken, verifySurveyToken } from '../../../domain/callback/survey-token';

describe('the IVR survey keys', () => {
  it('maps 1 to satisfied and 2, 3, 4 to not satisfied with a reason', () => {
    expect(replyOfKeys('1')).toEqual({ answer: 'satisfied' });
    expect(replyOfKeys('2')).toEqual({ answer: 'not-satisfied', reason: 'not-solved' });
    expect(replyOfKeys('3')).toEqual({ answer: 'not-satisfied', reason: 'too-slow' });
    expect(replyOfKeys('4')).toEqual({ answer: 'not-satisfied', reason: 'attitude' });
  });

  it('takes no key, or a key off the menu, as no answer to the survey', () => {
    expect(replyOfKeys('')).toBeUndefined();
    expect(replyOfKeys('5')).toBeUndefined();
    expect(replyOfKeys('#')).toBeUndefined();
    // only the first key counts (the survey asks for one)
    expect(replyOfKeys('21')).toEqual({ answer: 'not-satisfied', reason: 'not-solved' });
  });

  it('records the reason with the customer\'s words', () => {
    expect(reasonText({ answer: 'satisfied' })).toBeUndefined();
    expect(reasonText({ answer: 'not-satisfied', reason: 'too-slow' })).toBe('too-slow');
    expect(reasonText({ answer: 'not-satisfied', reason: 'other', comment: 'the bill is still wrong' })).toBe('other: the bill is still wrong');
  });

  it('refuses a not-satisfied answer without a reason', () => {
    expect(SurveyReplySchema.safeParse({ answer: 'not-satisfied' }).success).toBe(false);
    expect(SurveyReplySchema.safeParse({ answer: 'satisfied', reason: 'too-slow' }).success).toBe(false);
  });
});

describe('survey links', () => {
  const secret = 'a-test-secret-of-at-least-32-characters';
  const now = new Date('2026-11-23T10:00:00Z');
  const expiresAt = new Date('2026-11-25T10:00:00Z');
  const token = signSurveyToken('CB-2251799813686923', expiresAt, secret);

  it('opens the callback it was made for until it expires', () => {
    expect(verifySurveyToken(token, secret, now)).toEqual({ ok: true, callbackId: 'CB-2251799813686923', expiresAt });
    expect(verifySurveyToken(token, secret, expiresAt)).toEqual({ ok: false, why: 'expired' });
  });

  it('refuses a link signed with another key or changed in any part', () => {
    expect(verifySurveyToken(token, 'another-secret-of-at-least-32-characters', now)).toEqual({ ok: false, why: 'forged' });
    const [payload, signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ c: 'CB-1', e: 1_900_000_000 })).toString('base64url');
    expect(verifySurveyToken(`${otherPayload}.${signature}`, secret, now)).toEqual({ ok: false, why: 'forged' });
    expect(verifySurveyToken(`${payload}.${signature!.slice(0, -2)}`, secret, now)).toEqual({ ok: false, why: 'forged' });
  });

  it('refuses what is not a link at all', () => {
    for (const bad of ['', 'abc', 'a.b.c', `${token}.x`, 'not base64!.sig']) expect(verifySurveyToken(bad, secret, now)).toMatchObject({ ok: false, why: 'malformed' });
  });
});
