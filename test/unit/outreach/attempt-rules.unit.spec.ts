import { afterAttempt, DEFAULT_ATTEMPT_RULES } from '../../../domain/outreach/attempt-rules';

const ended = new Date('2026-09-15T10:00+08:00');

describe('what follows an attempt', () => {
  it('stops once the customer is reached or the number cannot take a call', () => {
    expect(afterAttempt(DEFAULT_ATTEMPT_RULES, 'answered', 1, ended)).toEqual({ next: 'stop', because: 'reached' });
    expect(afterAttempt(DEFAULT_ATTEMPT_RULES, 'invalid-number', 1, ended)).toEqual({ next: 'stop', because: 'final-outcome' });
    expect(afterAttempt(DEFAULT_ATTEMPT_RULES, 'fax', 1, ended)).toEqual({ next: 'stop', because: 'final-outcome' });
  });

  it('retries busy minutes later and no answer in the next window', () => {
    expect(afterAttempt(DEFAULT_ATTEMPT_RULES, 'busy', 1, ended)).toEqual({ next: 'retry', notBefore: new Date('2026-09-15T10:10+08:00'), inNextWindow: false });
    expect(afterAttempt(DEFAULT_ATTEMPT_RULES, 'no-answer', 1, ended)).toEqual({ next: 'retry', notBefore: ended, inNextWindow: true });
  });

  it('never places the call after the cap', () => {
    expect(afterAttempt(DEFAULT_ATTEMPT_RULES, 'busy', 3, ended)).toEqual({ next: 'stop', because: 'attempt-cap' });
    expect(afterAttempt({ ...DEFAULT_ATTEMPT_RULES, retry: { ...DEFAULT_ATTEMPT_RULES.retry, busy: 'stop' } }, 'busy', 1, ended)).toEqual({ next: 'stop', because: 'rule-stops' });
  });
});
