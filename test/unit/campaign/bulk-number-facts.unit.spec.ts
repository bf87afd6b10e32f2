import { loadBulkNumberFacts } from '../../../services/bulk-number-facts';

async function* each<T>(...items: T[]): AsyncIterable<T> {
  for (const item of items) yield await Promise.resolve(item);
}

describe('the facts a list is screened against, read in bulk', () => {
  const now = new Date('2026-11-22T08:00:00Z');
  const load = () =>
    loadBulkNumberFacts(
      {
        rules: {
          confirmedBlacklist: () => each('13900000001', '+86 139 0000 0002', 'not a number'),
          allPreferences: () =>
            each(
              { _id: '13900000003', refusedKinds: ['marketing' as const], quietHours: [] },
              { _id: '13900000004', refusedKinds: [], notBefore: '2027-01-01', quietHours: [] },
              { _id: '13900000005', refusedKinds: [], quietHours: [{ start: '12:00', end: '14:00' }] },
            ),
          attemptCaps: () => each({ _id: '13900000006', until: new Date('2026-11-30T00:00:00Z') }, { _id: '13900000007', until: new Date('2026-11-01T00:00:00Z') }),
        },
        exemptPhones: () => each('02188886666'),
      },
      now,
    );

  it('keys every number in national form and leaves out what cannot be a number', async () => {
    const facts = await load();
    expect(facts.blacklisted.has('13900000001')).toBe(true);
    expect(facts.blacklisted.has('13900000002')).toBe(true);
    expect(facts.blacklisted.size).toBe(2);
    expect(facts.exemptLines.has('02188886666')).toBe(true);
  });

  it('keeps the preferences that can keep a number out before the call, not quiet hours alone', async () => {
    const facts = await load();
    expect([...facts.preferences.keys()]).toEqual(['13900000003', '13900000004']);
    expect(facts.preferences.get('13900000004')).toEqual({ refusedKinds: [], notBefore: '2027-01-01' });
  });

  it('takes a number at the attempt cap while its cap still holds', async () => {
    const facts = await load();
    expect(facts.atAttemptCap.has('13900000006')).toBe(true);
    expect(facts.atAttemptCap.has('13900000007')).toBe(false);
  });
});
