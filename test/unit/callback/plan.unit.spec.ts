import { allowsSurvey, callbackSchedule, judgeAttempt, planAttempt, type PlanFacts } from '../../../domain/callback/plan';
import { DEFAULT_ATTEMPT_RULES } from '../../../domain/outreach/attempt-rules';
import type { CallingWindows } from '../../../domain/outreach/calling-windows';
import { shanghai } from '../calendar/fixtures';

// Shanghai: workdays Mon-Fri, National Day 2026-10-01..07 off, Sunday 2026-09-27 a make-up workday.
const windows: CallingWindows = {
  calendarId: 'cn-center',
  workday: [
    { start: '09:00', end: '12:00' },
    { start: '14:00', end: '20:00' },
  ],
  restDay: [],
};
const at = (iso: string): Date => new Date(iso);
const schedule = callbackSchedule(shanghai, windows, at('2026-09-28T08:00+08:00'), 7);
const facts = (now: string, more: Partial<PlanFacts> = {}): PlanFacts => ({
  now: at(now),
  number: { blacklisted: false, exemptLine: false, recentAttempts: 0 },
  quietHours: [],
  centerAttemptCap: 6,
  attemptsMade: 0,
  attemptCap: 3,
  ...more,
});

describe('planning a callback attempt', () => {
  it('calls at once inside a window, else waits for the next one', () => {
    // now: until the morning window ends, the end of the time a preview agent has for the call
    expect(planAttempt(schedule, facts('2026-09-28T09:30+08:00'))).toEqual({ next: 'now', until: at('2026-09-28T12:00+08:00') });
    expect(planAttempt(schedule, facts('2026-09-28T15:00+08:00', { quietHours: [{ start: '18:00', end: '23:00' }] }))).toEqual({ next: 'now', until: at('2026-09-28T18:00+08:00') });
    expect(planAttempt(schedule, facts('2026-09-28T08:00+08:00'))).toEqual({ next: 'later', at: at('2026-09-28T09:00+08:00') });
    expect(planAttempt(schedule, facts('2026-09-28T12:30+08:00'))).toEqual({ next: 'later', at: at('2026-09-28T14:00+08:00') });
  });

  it('never calls on a holiday: the National Day run is skipped', () => {
    const fortnight = callbackSchedule(shanghai, windows, at('2026-09-28T08:00+08:00'), 14);
    expect(planAttempt(fortnight, facts('2026-09-30T20:30+08:00'))).toEqual({ next: 'later', at: at('2026-10-08T09:00+08:00') });
  });

  it('leaves out the last minutes of a window and the customer\'s quiet hours', () => {
    expect(planAttempt(schedule, facts('2026-09-28T11:57+08:00'))).toEqual({ next: 'later', at: at('2026-09-28T14:00+08:00') });
    expect(planAttempt(schedule, facts('2026-09-28T09:30+08:00', { quietHours: [{ start: '09:00', end: '15:00' }] }))).toEqual({ next: 'later', at: at('2026-09-28T15:00+08:00') });
  });

  it('retries busy minutes later and no answer in the next window', () => {
    const busy = { notBefore: at('2026-09-28T09:40+08:00'), inNextWindow: false };
    expect(planAttempt(schedule, facts('2026-09-28T09:30+08:00', { retry: busy, attemptsMade: 1 }))).toEqual({ next: 'later', at: busy.notBefore });
    const noAnswer = { notBefore: at('2026-09-28T09:30+08:00'), inNextWindow: true };
    expect(planAttempt(schedule, facts('2026-09-28T09:31+08:00', { retry: noAnswer, attemptsMade: 1 }))).toEqual({ next: 'later', at: at('2026-09-28T14:00+08:00') });
  });

  it('waits for the day the customer asked for, within the callback\'s days', () => {
    const preference = { refusedKinds: [], notBefore: '2026-09-30' };
    expect(planAttempt(schedule, facts('2026-09-28T09:30+08:00', { number: { blacklisted: false, exemptLine: false, recentAttempts: 0, preference } }))).toEqual({
      next: 'later',
      at: at('2026-09-30T09:00+08:00'),
    });
    const tooLate = { refusedKinds: [], notBefore: '2026-10-30' };
    expect(planAttempt(schedule, facts('2026-09-28T09:30+08:00', { number: { blacklisted: false, exemptLine: false, recentAttempts: 0, preference: tooLate } }))).toEqual({
      next: 'stop',
      because: 'do-not-call-window',
    });
  });

  it('stops for the do-not-call reasons, the caps, and when no slot is left before the last day', () => {
    const stop = (more: Partial<PlanFacts>) => planAttempt(schedule, facts('2026-09-28T09:30+08:00', more));
    expect(stop({ number: { blacklisted: true, exemptLine: false, recentAttempts: 0 } })).toEqual({ next: 'stop', because: 'blacklisted' });
    expect(stop({ number: { blacklisted: false, exemptLine: false, recentAttempts: 0, preference: { refusedKinds: ['callback'] } } })).toEqual({ next: 'stop', because: 'do-not-disturb' });
    expect(stop({ number: { blacklisted: false, exemptLine: false, recentAttempts: 6 } })).toEqual({ next: 'stop', because: 'center-attempt-cap' });
    expect(stop({ attemptsMade: 3 })).toEqual({ next: 'stop', because: 'attempt-cap' });
    // started 2026-09-28 with 7 days, the callback may call until 2026-10-05: after 09-30, all National Day
    expect(schedule.lastDay).toBe('2026-10-05');
    expect(planAttempt(schedule, facts('2026-09-30T20:30+08:00'))).toEqual({ next: 'stop', because: 'no-slot' });
  });
});

describe('judging an attempt', () => {
  const endedAt = at('2026-09-28T09:31+08:00');
  it('counts the customer as reached only with a survey answer', () => {
    expect(judgeAttempt(DEFAULT_ATTEMPT_RULES, { outcome: 'answered', reply: { answer: 'satisfied' }, endedAt }, 1)).toEqual({ next: 'reached', reply: { answer: 'satisfied' } });
    expect(judgeAttempt(DEFAULT_ATTEMPT_RULES, { outcome: 'answered', endedAt }, 1)).toEqual({ next: 'retry', retry: { notBefore: endedAt, inNextWindow: true } });
  });

  it('retries by the rules, stops at the cap and on final outcomes', () => {
    expect(judgeAttempt(DEFAULT_ATTEMPT_RULES, { outcome: 'busy', endedAt }, 1)).toEqual({ next: 'retry', retry: { notBefore: at('2026-09-28T09:41+08:00'), inNextWindow: false } });
    expect(judgeAttempt(DEFAULT_ATTEMPT_RULES, { outcome: 'no-answer', endedAt }, 3)).toEqual({ next: 'stop', because: 'attempt-cap' });
    expect(judgeAttempt(DEFAULT_ATTEMPT_RULES, { outcome: 'invalid-number', endedAt }, 1)).toEqual({ next: 'stop', because: 'invalid-number' });
    expect(judgeAttempt({ ...DEFAULT_ATTEMPT_RULES, retry: { ...DEFAULT_ATTEMPT_RULES.retry, busy: 'stop' } }, { outcome: 'busy', endedAt }, 1)).toEqual({ next: 'stop', because: 'rule-stops' });
  });

  it('sends no survey to a customer who refused or must not be asked', () => {
    expect(['attempt-cap', 'invalid-number', 'no-slot', 'exempt-line'].every((r) => allowsSurvey(r as never))).toBe(true);
    expect(['blacklisted', 'do-not-disturb', 'refused'].some((r) => allowsSurvey(r as never))).toBe(false);
  });
});
