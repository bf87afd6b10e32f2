import { exclusionOf, isExemptLine, type NumberFacts } from '../../../domain/outreach/do-not-call';

const clean: NumberFacts = { blacklisted: false, exemptLine: false, recentAttempts: 0 };
const context = { kind: 'marketing', lastDay: '2026-12-31', centerAttemptCap: 6 } as const;

describe('who may be called at all', () => {
  it('lets a number with nothing against it through', () => {
    expect(exclusionOf(clean, context)).toBeUndefined();
  });

  it('names the reason a number is kept out', () => {
    expect(exclusionOf({ ...clean, blacklisted: true }, context)).toBe('blacklisted');
    expect(exclusionOf({ ...clean, exemptLine: true }, context)).toBe('exempt-line');
    expect(exclusionOf({ ...clean, preference: { refusedKinds: ['marketing'] } }, context)).toBe('do-not-disturb');
    expect(exclusionOf({ ...clean, preference: { refusedKinds: [], notBefore: '2027-01-15' } }, context)).toBe('do-not-call-window');
    expect(exclusionOf({ ...clean, recentAttempts: 6 }, context)).toBe('attempt-cap');
  });

  it('keeps a refusal to the kind of call refused', () => {
    expect(exclusionOf({ ...clean, preference: { refusedKinds: ['marketing'] } }, { ...context, kind: 'care' })).toBeUndefined();
    expect(exclusionOf({ ...clean, preference: { refusedKinds: [], notBefore: '2026-12-01' } }, context)).toBeUndefined();
  });

  it('exempts lines that are not active voice lines', () => {
    expect(isExemptLine({ status: '10', service: 'MOBL' })).toBe(false);
    expect(isExemptLine({ status: '11', service: 'MOBL' })).toBe(true);
    expect(isExemptLine({ status: '10', service: 'FAXL' })).toBe(true);
  });
});
