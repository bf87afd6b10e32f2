import type { Role } from '../../domain/identity/principal';
import { departmentOf, placementProblem, principalFor, scopeOf, subtreeOf, type Unit } from '../../domain/identity/units';
import { DEMO_UNITS } from '../../runtime/demo-identity';

const ids = (units: readonly Unit[]): string[] => units.map((u) => u.unitId);
const scope = (unitId: string, ...roles: Role[]) => scopeOf({ roles, unitId }, DEMO_UNITS);

// a region with a department inside a department, to see subtrees deeper than the demo's
const REGIONAL: readonly Unit[] = [
  ...DEMO_UNITS,
  { unitId: 'south-region', name: 'South region', kind: 'department', parentId: 'center' },
  { unitId: 'branch-0755', name: 'Shenzhen branch', kind: 'department', parentId: 'south-region' },
  { unitId: 'branch-0755-field', name: 'Shenzhen field team', kind: 'team', parentId: 'branch-0755' },
];

describe('unit tree', () => {
  it('finds the department of a team, of a department, and none for the center', () => {
    expect(departmentOf('billing-disputes', DEMO_UNITS)).toBe('billing');
    expect(departmentOf('billing', DEMO_UNITS)).toBe('billing');
    expect(departmentOf('branch-0755-field', REGIONAL)).toBe('branch-0755');
    expect(departmentOf('center', DEMO_UNITS)).toBeNull();
    expect(departmentOf('nowhere', DEMO_UNITS)).toBeNull();
  });

  it('lists a subtree, parents before children', () => {
    expect(ids(subtreeOf('front-office', DEMO_UNITS))).toEqual(['front-office', 'hotline-agents', 'senior-agents']);
    expect(ids(subtreeOf('south-region', REGIONAL))).toEqual(['south-region', 'branch-0755', 'branch-0755-field']);
    expect(ids(subtreeOf('hotline-agents', DEMO_UNITS))).toEqual(['hotline-agents']);
    expect(subtreeOf('center', DEMO_UNITS)).toHaveLength(DEMO_UNITS.length);
    expect(subtreeOf('nowhere', DEMO_UNITS)).toEqual([]);
  });

  it('does not loop on a cycle in stored data', () => {
    const cyclic: Unit[] = [
      { unitId: 'a', name: 'A', kind: 'department', parentId: 'b' },
      { unitId: 'b', name: 'B', kind: 'department', parentId: 'a' },
    ];
    expect(departmentOf('a', cyclic)).toBe('a');
    expect(ids(subtreeOf('a', cyclic))).toEqual(['a', 'b']);
  });
});

describe('placing a unit', () => {
  const place = (unit: Unit, units: readonly Unit[] = DEMO_UNITS) => placementProblem(unit, units);

  it('accepts the demo tree built in order, and the same units again', () => {
    DEMO_UNITS.forEach((unit, i) => expect(place(unit, DEMO_UNITS.slice(0, i))).toBeNull());
    DEMO_UNITS.forEach((unit) => expect(place(unit)).toBeNull());
  });

  it('accepts nesting of a kind in the same kind', () => {
    expect(place({ unitId: 'shift-a', name: 'Shift A', kind: 'team', parentId: 'hotline-agents' })).toBeNull();
    expect(place({ unitId: 'branch-0755', name: 'Shenzhen branch', kind: 'department', parentId: 'south-region' }, REGIONAL)).toBeNull();
  });

  it.each<[string, Unit, RegExp]>([
    ['a second center', { unitId: 'hq', name: 'HQ', kind: 'center', parentId: null }, /already a center/],
    ['a center with a parent', { unitId: 'center', name: 'C', kind: 'center', parentId: 'billing' }, /no parent/],
    ['a department without parent', { unitId: 'x', name: 'X', kind: 'department', parentId: null }, /needs a parent/],
    ['an unknown parent', { unitId: 'x', name: 'X', kind: 'team', parentId: 'nowhere' }, /nowhere does not exist/],
    ['a department below a team', { unitId: 'x', name: 'X', kind: 'department', parentId: 'hotline-agents' }, /below a team/],
    ['a cycle (a unit below its own subtree)', { unitId: 'south-region', name: 'S', kind: 'department', parentId: 'branch-0755' }, /branch-0755 is below south-region/],
    ['a team right below the center', { unitId: 'x', name: 'X', kind: 'team', parentId: 'center' }, /team cannot be placed below a center/],
    ['a department turned team over departments', { unitId: 'south-region', name: 'S', kind: 'team', parentId: 'billing' }, /branch-0755, a department, cannot stay below a team/],
  ])('refuses %s', (_label, unit, reason) => {
    expect(place(unit, REGIONAL)).toMatch(reason);
  });
});

describe('scope of a principal', () => {
  it('gives admins, auditors and center supervisors every department', () => {
    expect(scope('center', 'admin')).toBe('all');
    expect(scope('center', 'auditor')).toBe('all');
    expect(scope('billing', 'auditor')).toBe('all');
    expect(scope('center', 'supervisor')).toBe('all');
  });

  it('gives a handler their department, also from a team', () => {
    expect(scope('billing', 'handler')).toEqual(['billing']);
    expect(scope('billing-disputes', 'handler')).toEqual(['billing']);
    expect(scope('center', 'handler')).toEqual([]);
  });

  it("gives a supervisor every department of their subtree, and a team supervisor the team's department", () => {
    expect(scope('billing', 'supervisor')).toEqual(['billing']);
    expect(scope('billing-disputes', 'supervisor')).toEqual(['billing']);
    expect(scopeOf({ roles: ['supervisor'], unitId: 'south-region' }, REGIONAL)).toEqual(['branch-0755', 'south-region']);
    expect(scopeOf({ roles: ['supervisor'], unitId: 'branch-0755-field' }, REGIONAL)).toEqual(['branch-0755']);
  });

  it('gives agents and designers no department', () => {
    expect(scope('hotline-agents', 'agent')).toEqual([]);
    expect(scope('center', 'designer')).toEqual([]);
  });

  it('unites the scopes of several roles', () => {
    expect(scope('billing-disputes', 'agent', 'handler')).toEqual(['billing']);
    expect(scope('billing', 'handler', 'auditor')).toBe('all');
    expect(scopeOf({ roles: ['handler', 'supervisor'], unitId: 'south-region' }, REGIONAL)).toEqual(['branch-0755', 'south-region']);
  });
});

describe('principal', () => {
  it('carries department and scope from the unit tree, and the id as employee id', () => {
    const principal = principalFor({ kind: 'user', id: 'billing-h2', displayName: 'Yang Lei', roles: ['handler'], unitId: 'billing-disputes' }, DEMO_UNITS);
    expect(principal).toEqual({
      kind: 'user',
      id: 'billing-h2',
      employeeId: 'billing-h2',
      displayName: 'Yang Lei',
      roles: ['handler'],
      unitId: 'billing-disputes',
      departmentId: 'billing',
      departments: ['billing'],
    });
  });
});
