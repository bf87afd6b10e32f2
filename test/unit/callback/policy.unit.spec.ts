import { CallbackPolicyInputSchema, DEFAULT_CALLBACK_POLICY, durationMs } from '../../../domain/callback/policy';

const valid = (change: Record<string, unknown>): boolean => CallbackPolicyInputSchema.safeParse({ ...DEFAULT_CALLBACK_POLICY, ...change }).success;

describe('the callback policy', () => {
  it('accepts the default', () => {
    expect(CallbackPolicyInputSchema.parse(DEFAULT_CALLBACK_POLICY)).toEqual(DEFAULT_CALLBACK_POLICY);
  });

  it('refuses a policy that could not call or would call without end', () => {
    expect(valid({ attempts: { ...DEFAULT_CALLBACK_POLICY.attempts, attemptCap: 0 } })).toBe(false);
    expect(valid({ attempts: { ...DEFAULT_CALLBACK_POLICY.attempts, attemptCap: 21 } })).toBe(false);
    expect(valid({ windows: { ...DEFAULT_CALLBACK_POLICY.windows, workday: [] } })).toBe(false);
    expect(valid({ windows: { ...DEFAULT_CALLBACK_POLICY.windows, workday: [{ start: '14:00', end: '09:00' }] } })).toBe(false);
    expect(valid({ withinDays: 0 })).toBe(false);
    expect(valid({ mode: 'robocall' })).toBe(false);
    expect(valid({ onUnreachable: 'forget' })).toBe(false);
    expect(valid({ unknownField: true })).toBe(false);
  });

  it('waits for a survey answer between an hour and two weeks', () => {
    expect(valid({ survey: { enabled: true, answerWithin: 'PT1H' } })).toBe(true);
    expect(valid({ survey: { enabled: true, answerWithin: 'P14D' } })).toBe(true);
    expect(valid({ survey: { enabled: true, answerWithin: 'PT30M' } })).toBe(false);
    expect(valid({ survey: { enabled: true, answerWithin: 'P15D' } })).toBe(false);
    expect(valid({ survey: { enabled: true, answerWithin: '2 days' } })).toBe(false);
  });

  it('reads ISO durations in days, hours and minutes', () => {
    expect(durationMs('P2D')).toBe(2 * 86_400_000);
    expect(durationMs('P1DT6H30M')).toBe(30.5 * 3_600_000);
    for (const bad of ['P', 'PT', 'P1W', '2D']) expect(() => durationMs(bad)).toThrow(RangeError);
  });
});
