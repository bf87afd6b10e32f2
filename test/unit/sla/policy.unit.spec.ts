import { selectPolicy, SlaPolicyInputSchema, type PolicySubject, type SlaPolicyInput } from '../../../domain/sla/policy';

const rung = (level: number, afterMinutes: number) => ({
  level,
  afterMinutes,
  notify: 'team-lead' as const,
  reassign: false,
  raisePriority: false,
  openSupervision: false,
});

/** A policy the schema accepts; each refusal below changes one thing of it. */
const good: SlaPolicyInput = {
  policyId: 'vip-complaint',
  name: 'VIP complaints',
  match: { types: ['complaint'], tiers: ['diamond', 'platinum'] },
  targets: { acceptance: 30, handling: 480, resolution: 2_400 },
  warningPercents: [50, 80],
  ladder: [rung(1, 0), rung(2, 60), rung(3, 240)],
  escalateEveryUrges: 2,
  comment: 'first version',
};

/** The messages and paths of the issues the schema raises for `input`, or [] when it accepts it. */
const issuesOf = (input: unknown): { path: PropertyKey[]; message: string }[] => {
  const result = SlaPolicyInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));
};

describe('SlaPolicyInputSchema', () => {
  it('accepts a complete policy as it is', () => {
    expect(SlaPolicyInputSchema.parse(good)).toEqual(good);
  });

  it.each([
    ['falling', [80, 50]],
    ['repeated', [50, 50]],
  ])('refuses %s warning percents', (_label, warningPercents) => {
    expect(issuesOf({ ...good, warningPercents })).toEqual([{ path: ['warningPercents'], message: 'warning percents must rise' }]);
  });

  it.each([
    ['not starting at 1', [rung(2, 0), rung(3, 60)]],
    ['with a gap', [rung(1, 0), rung(3, 60)]],
  ])('refuses ladder levels %s', (_label, ladder) => {
    expect(issuesOf({ ...good, ladder })).toEqual([{ path: ['ladder'], message: 'levels are numbered 1, 2, 3 ... in order' }]);
  });

  it.each([
    ['equal', [rung(1, 60), rung(2, 60)]],
    ['falling', [rung(1, 60), rung(2, 30)]],
  ])('refuses ladder levels whose afterMinutes are %s', (_label, ladder) => {
    expect(issuesOf({ ...good, ladder })).toEqual([{ path: ['ladder'], message: 'each level comes later than the one before' }]);
  });

  it('refuses a tier it does not know', () => {
    const issues = issuesOf({ ...good, match: { tiers: ['diamond', 'bronze'] } });
    expect(issues.map((i) => i.path)).toEqual([['match', 'tiers', 1]]);
  });

  it('refuses a policy without a resolution target: resolution is always measured', () => {
    const issues = issuesOf({ ...good, targets: { acceptance: 30, handling: 480 } });
    expect(issues.map((i) => i.path)).toEqual([['targets', 'resolution']]);
  });
});

describe('selectPolicy', () => {
  /** A current policy version that only matters by its id and its match. */
  const policy = (policyId: string, match: SlaPolicyInput['match']): SlaPolicyInput => ({ ...good, policyId, match });

  const catchAll = policy('default', {});
  const diamond = policy('diamond', { tiers: ['diamond'] });
  const diamondComplaint = policy('diamond-complaint', { types: ['complaint'], tiers: ['diamond'] });
  const all = [catchAll, diamond, diamondComplaint];

  const subject = (type: string, tier: PolicySubject['tier']): PolicySubject => ({ type, tier, priority: 'normal' });

  it.each([
    ['tier and type', subject('complaint', 'diamond'), 'diamond-complaint'],
    ['tier only', subject('fault-report', 'diamond'), 'diamond'],
    ['neither', subject('complaint', 'gold'), 'default'],
  ])('picks the most specific policy that matches on %s', (_label, workOrder, policyId) => {
    // whatever order the store returns them in
    expect(selectPolicy(all, workOrder)?.policyId).toBe(policyId);
    expect(selectPolicy([...all].reverse(), workOrder)?.policyId).toBe(policyId);
  });

  it('breaks a tie between equally specific policies by policy id', () => {
    // given two policies that each name one thing (a tier, a priority) and both match
    const b = policy('b-diamond', { tiers: ['diamond'] });
    const a = policy('a-diamond', { priorities: ['normal'] });
    // then the first id alphabetically wins, in either order
    expect(selectPolicy([b, a], subject('complaint', 'diamond'))).toBe(a);
    expect(selectPolicy([a, b], subject('complaint', 'diamond'))).toBe(a);
  });

  it('finds nothing when no policy matches', () => {
    expect(selectPolicy([diamond, diamondComplaint], subject('complaint', 'gold'))).toBeUndefined();
    expect(selectPolicy([], subject('complaint', 'gold'))).toBeUndefined();
  });
});
