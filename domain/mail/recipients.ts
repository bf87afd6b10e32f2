import type { Language } from '../identity/accounts';
import type { Role } from '../identity/principal';
import { departmentOf, type Unit } from '../identity/units';

/** A user as the mail needs them. */
export interface MailUser {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly unitId: string;
  readonly disabled: boolean;
  readonly email?: string | undefined;
  readonly language?: Language | undefined;
}

export interface Recipient {
  readonly employeeId: string;
  readonly name: string;
  readonly email: string;
  readonly language: Language;
}

export interface SkippedRecipient {
  readonly employeeId: string;
  readonly reason: 'no-address' | 'unknown-or-disabled';
}

/** Who a notification addresses: people by employee id, the handlers or supervisors of departments, and people outside the center by address. */
export interface Audience {
  readonly employees: readonly string[];
  readonly departments: readonly string[];
  readonly audience: 'handlers' | 'supervisors';
  /** A customer (a survey): `employeeId` names them in the delivery records, e.g. `customer:C-1000001`. */
  readonly addresses?: readonly Recipient[];
}

const ROLE_OF_AUDIENCE = { handlers: 'handler', supervisors: 'supervisor' } as const satisfies Record<Audience['audience'], Role>;

/**
 * Each person once, named ones first: a department's handlers (or supervisors) are the enabled
 * users holding that role whose unit works for the department (its teams included). People
 * without an address, and names no enabled user has, are skipped and said so. People outside
 * the center come last, as addressed.
 */
export function resolveRecipients(audience: Audience, users: readonly MailUser[], units: readonly Unit[]): { recipients: Recipient[]; skipped: SkippedRecipient[] } {
  const enabled = new Map(users.filter((u) => !u.disabled).map((u) => [u.username, u]));
  const role = ROLE_OF_AUDIENCE[audience.audience];
  const fromDepartments = [...enabled.values()]
    .filter((u) => u.roles.includes(role) && audience.departments.includes(departmentOf(u.unitId, units) ?? ''))
    .map((u) => u.username)
    .sort();
  const recipients: Recipient[] = [];
  const skipped: SkippedRecipient[] = [];
  for (const employeeId of new Set([...audience.employees, ...fromDepartments])) {
    const user = enabled.get(employeeId);
    if (!user) skipped.push({ employeeId, reason: 'unknown-or-disabled' });
    else if (!user.email) skipped.push({ employeeId, reason: 'no-address' });
    else recipients.push({ employeeId, name: user.displayName, email: user.email, language: user.language ?? 'zh-CN' });
  }
  return { recipients: [...recipients, ...(audience.addresses ?? [])], skipped };
}
