import { DomainError } from '../errors';

/** Codes of IdentityAdminError; api/problem.ts maps each to its HTTP status. */
export type IdentityAdminCode = 'USER_EXISTS' | 'UNIT_EXISTS' | 'OWN_ADMIN_ROLE' | 'OWN_ACCOUNT_DISABLE' | 'LAST_ADMIN' | 'DEPARTMENT_IN_USE' | 'ROLE_NOT_ALLOWED_IN_UNIT' | 'UNIT_DISABLED';

/** An administrator's change of users or units that cannot be made as asked; it changed nothing. */
export class IdentityAdminError extends DomainError {
  private constructor(code: IdentityAdminCode, message: string) {
    super(code, message);
  }

  static userExists(username: string): IdentityAdminError {
    return new IdentityAdminError('USER_EXISTS', `a user ${username} exists already; edit that one or choose another username`);
  }

  static unitExists(unitId: string): IdentityAdminError {
    return new IdentityAdminError('UNIT_EXISTS', `a unit ${unitId} exists already; choose another id`);
  }

  /** Without it nobody may be left to administer the platform. */
  static ownAdminRole(): IdentityAdminError {
    return new IdentityAdminError('OWN_ADMIN_ROLE', 'you cannot remove the admin role from yourself; ask another administrator');
  }

  static ownAccountDisable(): IdentityAdminError {
    return new IdentityAdminError('OWN_ACCOUNT_DISABLE', 'you cannot disable your own account; ask another administrator');
  }

  static lastAdmin(username: string): IdentityAdminError {
    return new IdentityAdminError('LAST_ADMIN', `${username} is the last enabled administrator; make someone else an administrator first`);
  }

  static unitInUse(unitId: string, use: { activeUsers: number; openWorkOrders: number; activeUnits: number }): IdentityAdminError {
    const reasons = [
      use.activeUsers > 0 ? `${use.activeUsers} active users` : '',
      use.openWorkOrders > 0 ? `${use.openWorkOrders} open work orders` : '',
      use.activeUnits > 0 ? `${use.activeUnits} enabled units below it` : '',
    ].filter(Boolean);
    return new IdentityAdminError('DEPARTMENT_IN_USE', `${unitId} still has ${reasons.join(', ')}; move or finish them first`);
  }

  static roleNotAllowed(problem: string): IdentityAdminError {
    return new IdentityAdminError('ROLE_NOT_ALLOWED_IN_UNIT', problem);
  }

  /** Nobody works in a disabled unit: not placed there, not enabled while there. */
  static unitDisabled(unitId: string): IdentityAdminError {
    return new IdentityAdminError('UNIT_DISABLED', `unit ${unitId} is disabled; choose an enabled unit or enable ${unitId} first`);
  }
}
