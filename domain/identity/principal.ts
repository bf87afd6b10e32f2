/** Roles of the center's staff and systems (issue 3). A user may hold several. */
export const Roles = ['agent', 'handler', 'supervisor', 'designer', 'auditor', 'admin'] as const;
export type Role = (typeof Roles)[number];

/** What each role is for, as the administration screens explain it. */
export const RoleDescriptions: Readonly<Record<Role, string>> = {
  agent: 'Takes customer contacts, raises work orders and owns them until they close (first-contact responsibility)',
  handler: "Accepts, handles, returns and answers the work orders dispatched to their department",
  supervisor: 'Oversees the queues of their unit and the departments below it; urges, supervises and escalates',
  designer: 'Edits and deploys the BPMN processes and decision tables',
  auditor: 'Reads every work order, SLA record and audit trail; changes nothing',
  admin: 'Manages users, departments, SLA policies, OA endpoints and the dead letters',
};

/** Kinds of organisational unit, widest first: the center holds departments, departments hold teams. */
export const UnitKinds = ['center', 'department', 'team'] as const;
export type UnitKind = (typeof UnitKinds)[number];

/**
 * Who is calling, as the API sees it after authentication: a person who logged in, or a system
 * client (the OA system) holding an API key. Work-order code decides access from this alone.
 */
export interface Principal {
  readonly kind: 'user' | 'api-client';
  /** Username, or the API client's id. */
  readonly id: string;
  /** Employee id recorded as owner, dispatcher or handler; for API clients the client id. */
  readonly employeeId: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  /** The unit the principal belongs to (team, department or the center). */
  readonly unitId: string;
  /** The department the principal works for: its unit, or the nearest department above it. */
  readonly departmentId: string | null;
  /**
   * Departments whose work orders the principal may see and act on: a handler's own
   * department; every department in a supervisor's subtree; `all` for admins, auditors and
   * system clients with center-wide scope.
   */
  readonly departments: readonly string[] | 'all';
}

export const hasRole = (principal: Principal, ...roles: readonly Role[]): boolean =>
  principal.roles.some((r) => roles.includes(r));
