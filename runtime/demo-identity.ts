import type { ApiClientInput, Language } from '../domain/identity/accounts';
import type { Role } from '../domain/identity/principal';
import type { Unit } from '../domain/identity/units';
import type { IdentityService } from '../services/identity-service';

/** Password of every demo user. Known to everyone: demo and test platforms only. */
export const DEMO_PASSWORD = 'closeloop-demo-2026';
/** Secret of the demo OA system's API key: `ApiKey oa-system.closeloop-demo-oa-system-secret-2026-public`. */
export const DEMO_OA_SYSTEM_SECRET = 'closeloop-demo-oa-system-secret-2026-public';

/**
 * The demo organisation. Department ids are the ones processes/routing.dmn routes to; parents
 * come before their children, the order they are created in.
 */
export const DEMO_UNITS: readonly Unit[] = [
  { unitId: 'center', name: 'Customer service center', kind: 'center', parentId: null },
  { unitId: 'front-office', name: 'Front office', kind: 'department', parentId: 'center' },
  { unitId: 'dispatch-desk', name: 'Dispatch desk', kind: 'department', parentId: 'center' },
  { unitId: 'customer-relations', name: 'Customer relations', kind: 'department', parentId: 'center' },
  { unitId: 'billing', name: 'Billing', kind: 'department', parentId: 'center' },
  { unitId: 'vip-club', name: 'VIP club', kind: 'department', parentId: 'center' },
  { unitId: 'network-maintenance', name: 'Network maintenance', kind: 'department', parentId: 'center' },
  { unitId: 'branch-010-network', name: 'Beijing branch network', kind: 'department', parentId: 'center' },
  { unitId: 'service-fulfilment', name: 'Service fulfilment', kind: 'department', parentId: 'center' },
  { unitId: 'hotline-agents', name: 'Hotline agents', kind: 'team', parentId: 'front-office' },
  { unitId: 'senior-agents', name: 'Senior agents', kind: 'team', parentId: 'front-office' },
  { unitId: 'billing-disputes', name: 'Billing disputes', kind: 'team', parentId: 'billing' },
];

interface DemoUser {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly unitId: string;
}

/** One user per role and department worth trying; the username is the employee id. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'agent-0101', displayName: 'Wang Fang', roles: ['agent'], unitId: 'hotline-agents' },
  { username: 'agent-0102', displayName: 'Li Qiang', roles: ['agent'], unitId: 'hotline-agents' },
  { username: 'agent-0103', displayName: 'Zhang Min', roles: ['agent'], unitId: 'hotline-agents' },
  { username: 'senior-0201', displayName: 'Liu Yang', roles: ['agent'], unitId: 'senior-agents' },
  { username: 'billing-h1', displayName: 'Chen Jing', roles: ['handler'], unitId: 'billing' },
  { username: 'billing-h2', displayName: 'Yang Lei', roles: ['handler'], unitId: 'billing-disputes' },
  { username: 'cr-h1', displayName: 'Zhao Li', roles: ['handler'], unitId: 'customer-relations' },
  { username: 'vip-h1', displayName: 'Huang Ting', roles: ['handler'], unitId: 'vip-club' },
  { username: 'netm-h1', displayName: 'Zhou Jun', roles: ['handler'], unitId: 'network-maintenance' },
  { username: 'br010-h1', displayName: 'Wu Hao', roles: ['handler'], unitId: 'branch-010-network' },
  { username: 'svc-h1', displayName: 'Xu Yan', roles: ['handler'], unitId: 'service-fulfilment' },
  { username: 'dispatch-h1', displayName: 'Sun Tao', roles: ['handler'], unitId: 'dispatch-desk' },
  { username: 'billing-sup', displayName: 'Ma Hui', roles: ['supervisor'], unitId: 'billing' },
  { username: 'billing-tl', displayName: 'Qian Wei', roles: ['supervisor'], unitId: 'billing-disputes' },
  { username: 'vip-sup', displayName: 'Zhu Xia', roles: ['supervisor'], unitId: 'vip-club' },
  { username: 'cr-sup', displayName: 'Hu Bin', roles: ['supervisor'], unitId: 'customer-relations' },
  { username: 'center-sup', displayName: 'Guo Hong', roles: ['supervisor'], unitId: 'center' },
  { username: 'designer-1', displayName: 'Lin Xue', roles: ['designer'], unitId: 'center' },
  { username: 'auditor-1', displayName: 'He Ping', roles: ['auditor'], unitId: 'center' },
  { username: 'admin', displayName: 'Gao Feng', roles: ['admin'], unitId: 'center' },
];

/** Demo users' mail goes to `<username>@service-center.example` (the local mail peer takes any address). */
export const DEMO_MAIL_DOMAIN = 'service-center.example';
/** Demo users who read their mail in English; everyone else gets the center's zh-CN. */
export const DEMO_ENGLISH_READERS: readonly string[] = ['billing-h2', 'billing-tl', 'vip-h1', 'admin'];
const demoMailProfile = (username: string): { email: string; language: Language } => ({
  email: `${username}@${DEMO_MAIL_DOMAIN}`,
  language: DEMO_ENGLISH_READERS.includes(username) ? 'en' : 'zh-CN',
});

export const DEMO_USERNAMES: readonly string[] = DEMO_USERS.map((u) => u.username);

/** The company's OA system, which creates work orders for contacts it received. */
export const DEMO_OA_SYSTEM: ApiClientInput = {
  clientId: 'oa-system',
  displayName: 'OA system',
  roles: ['agent'],
  unitId: 'center',
};

export interface SeedIdentityOptions {
  /** Password of every demo user (DEMO_PASSWORD on demo and test platforms). */
  readonly password: string;
  /** Secret of the OA system's API key; a random one when left out. */
  readonly oaSystemSecret?: string;
}

/**
 * Creates or updates the demo units, users and OA client: running it again changes nothing
 * but the users' passwords (set again) and the OA key (set again, or rotated when random).
 * Returns the OA system's API key.
 */
export async function seedIdentity(identity: IdentityService, options: SeedIdentityOptions): Promise<{ oaSystemApiKey: string }> {
  for (const unit of DEMO_UNITS) await identity.upsertUnit(unit);
  // scrypt runs in libuv's thread pool: hashing the passwords side by side is faster
  await Promise.all(DEMO_USERS.map((user) => identity.upsertUser({ ...user, roles: [...user.roles], password: options.password, ...demoMailProfile(user.username) })));
  const { apiKey } = await identity.createApiClient(DEMO_OA_SYSTEM, { secret: options.oaSystemSecret });
  return { oaSystemApiKey: apiKey };
}
