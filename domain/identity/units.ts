import { z } from 'zod';
import type { EscalationAudience } from '../sla/policy';
import { UnitKinds, type Principal, type Role } from './principal';

/**
 * Unit ids are also the department ids the routing decision table (processes/routing.dmn)
 * routes to, so they are stable, lowercase slugs.
 */
export const UnitIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a unit id is a lowercase slug, e.g. billing-disputes');

/** One organisational unit: the center (no parent), a department or a team. */
export const UnitSchema = z.strictObject({
  unitId: UnitIdSchema,
  name: z.string().trim().min(1).max(120),
  kind: z.enum(UnitKinds),
  parentId: UnitIdSchema.nullable(),
  /** A disabled unit takes no new users and no transfers; it stays in the tree for the records that name it. */
  disabled: z.boolean().optional(),
});
export type Unit = z.infer<typeof UnitSchema>;

const RANK: Readonly<Record<Unit['kind'], number>> = { center: 0, department: 1, team: 2 };

function byId(units: readonly Unit[]): Map<string, Unit> {
  return new Map(units.map((u) => [u.unitId, u]));
}

/** The unit and the units above it, nearest first. Stops at a cycle instead of looping. */
function lineageOf(unitId: string, units: readonly Unit[]): Unit[] {
  const index = byId(units);
  const lineage: Unit[] = [];
  let unit = index.get(unitId);
  while (unit && !lineage.includes(unit)) {
    lineage.push(unit);
    unit = unit.parentId === null ? undefined : index.get(unit.parentId);
  }
  return lineage;
}

/** The department a unit works for: the unit itself, or the nearest department above it; null for the center. */
export function departmentOf(unitId: string, units: readonly Unit[]): string | null {
  return lineageOf(unitId, units).find((u) => u.kind === 'department')?.unitId ?? null;
}

/** The unit and every unit below it, parents before children; empty for an unknown unit. */
export function subtreeOf(unitId: string, units: readonly Unit[]): Unit[] {
  const root = byId(units).get(unitId);
  if (!root) return [];
  const subtree = [root];
  for (let i = 0; i < subtree.length; i++) {
    const parentId = subtree[i]!.unitId;
    subtree.push(...units.filter((u) => u.parentId === parentId && !subtree.includes(u)));
  }
  return subtree;
}

/**
 * Why `unit` cannot take its place in the tree, or null when it can: the center has no parent
 * and there is one center; every other unit hangs below a unit of its own kind or the next
 * wider one (departments under the center or a department, teams under a department or a team), the
 * units already below it must still fit, and moving a unit below itself would make a cycle.
 */
export function placementProblem(unit: Unit, units: readonly Unit[]): string | null {
  const others = units.filter((u) => u.unitId !== unit.unitId);
  if (unit.kind === 'center') {
    if (unit.parentId !== null) return 'the center has no parent unit';
    const otherCenter = others.find((u) => u.kind === 'center');
    return otherCenter ? `there is already a center, ${otherCenter.unitId}` : null;
  }
  if (unit.parentId === null) return `a ${unit.kind} needs a parent unit`;
  const parent = others.find((u) => u.unitId === unit.parentId);
  if (!parent) return `parent unit ${unit.parentId} does not exist`;
  const rankBelowParent = RANK[unit.kind] - RANK[parent.kind];
  if (rankBelowParent < 0 || rankBelowParent > 1) return `a ${unit.kind} cannot be placed below a ${parent.kind}`;
  if (subtreeOf(unit.unitId, units).some((u) => u.unitId === parent.unitId)) return `${parent.unitId} is below ${unit.unitId}`;
  const widerChild = units.find((u) => u.parentId === unit.unitId && RANK[u.kind] < RANK[unit.kind]);
  if (widerChild) return `${widerChild.unitId}, a ${widerChild.kind}, cannot stay below a ${unit.kind}`;
  return null;
}

/**
 * Why a user with `roles` cannot work in `unitId`, or null when they can: the unit must exist and
 * be enabled, and a handler must sit in a department or one of its teams, since a handler's
 * inbox is their department's (see scopeOf; a handler at the center would see nothing).
 */
export function assignmentProblem(subject: ScopeSubject, units: readonly Unit[]): string | null {
  const unit = byId(units).get(subject.unitId);
  if (!unit) return `unit ${subject.unitId} does not exist`;
  if (unit.disabled) return `unit ${subject.unitId} is disabled`;
  if (subject.roles.includes('handler') && departmentOf(subject.unitId, units) === null) {
    return `a handler works in a department or one of its teams, not in the ${unit.kind} ${subject.unitId}`;
  }
  return null;
}

/** What scope depends on: the roles held and the unit worked in. */
export interface ScopeSubject {
  readonly roles: readonly Role[];
  readonly unitId: string;
}

/**
 * Departments whose work orders the subject may see, the union over its roles: admins and
 * auditors, and supervisors of the center, see all; a supervisor sees every department in
 * their subtree and, from a team, the department above; a handler sees their department.
 * Agents and designers get none here: agents see the work orders they own, which the
 * work-order code checks by employee id.
 */
export function scopeOf(subject: ScopeSubject, units: readonly Unit[]): Principal['departments'] {
  const has = (role: Role): boolean => subject.roles.includes(role);
  const unit = byId(units).get(subject.unitId);
  if (has('admin') || has('auditor') || (has('supervisor') && unit?.kind === 'center')) return 'all';

  const departments = new Set<string>();
  const ownDepartment = departmentOf(subject.unitId, units);
  if ((has('handler') || has('supervisor')) && ownDepartment !== null) departments.add(ownDepartment);
  if (has('supervisor')) {
    for (const u of subtreeOf(subject.unitId, units)) if (u.kind === 'department') departments.add(u.unitId);
  }
  return [...departments].sort();
}

/** The fields of a user or API client that make up its principal. */
export interface PrincipalSubject extends ScopeSubject {
  readonly kind: Principal['kind'];
  readonly id: string;
  readonly displayName: string;
}

export function principalFor(subject: PrincipalSubject, units: readonly Unit[]): Principal {
  return {
    kind: subject.kind,
    id: subject.id,
    employeeId: subject.id,
    displayName: subject.displayName,
    roles: [...subject.roles],
    unitId: subject.unitId,
    departmentId: departmentOf(subject.unitId, units),
    departments: scopeOf(subject, units),
  };
}

/**
 * Who an escalation audience is, among supervisors: team leads are the supervisors of the teams
 * inside the department, the department head the department's own supervisors, the center
 * director the center's. An audience nobody fills goes one level up, so an escalation always
 * reaches someone while the center has a supervisor.
 */
export function supervisorsFor(audience: EscalationAudience, department: string | undefined, units: readonly Unit[], supervisors: readonly { username: string; unitId: string }[]): string[] {
  const inUnits = (ids: readonly string[]): string[] => supervisors.filter((s) => ids.includes(s.unitId)).map((s) => s.username);
  const teams = department ? subtreeOf(department, units).filter((u) => u.kind === 'team').map((u) => u.unitId) : [];
  const heads = department ? inUnits([department]) : [];
  const directors = inUnits(units.filter((u) => u.kind === 'center').map((u) => u.unitId));
  const ladder = { 'team-lead': [inUnits(teams), heads, directors], 'department-head': [heads, directors], 'center-director': [directors] }[audience];
  return ladder.find((people) => people.length > 0) ?? [];
}
