import { DEFAULT_ATTEMPT_RULES } from '../domain/outreach/attempt-rules';
import { connectMongo } from '../adapters/mongo/connect';
import { createLogger } from '../config/logger';
import type { Env } from '../config/env';
import type { NewContact } from '../domain/contact/contact';
import type { NewWorkOrder } from '../domain/work-order/work-order';
import { mongoIdentityRepository } from '../adapters/mongo/identity.repository';
import { createIdentityService } from '../services/identity-service';
import { DEMO_OA_SYSTEM_SECRET, DEMO_PASSWORD, seedIdentity } from './demo-identity';
import { demoOaEndpoint } from './demo-oa';
import { seedSla } from './demo-sla';
import { documentLocks } from '../adapters/mongo/document-lock';
import { mongoOaRepository } from '../adapters/mongo/oa.repository';
import { secretBox } from '../adapters/mongo/secret-box';
import { mongoSlaRepository } from '../adapters/mongo/sla.repository';
import { createSlaService } from '../services/sla-service';
import { mongoAuditLog } from '../adapters/mongo/audit.repository';
import { mongoCallbackPolicies } from '../adapters/mongo/callback.repository';
import { DEFAULT_CALLBACK_POLICY } from '../domain/callback/policy';
import { systemClock } from '../domain/clock';
import { createCallbackPolicies } from '../services/callback-policies';

/** A demo case: an agent records a contact and raises a work order from it. */
interface DemoCase {
  readonly agent: string;
  readonly contact: NewContact;
  readonly workOrder: Omit<NewWorkOrder, 'contactId'>;
}

/** Work orders a new user finds after `npm start`: one per routing path worth seeing. */
export const DEMO_CASES: readonly DemoCase[] = [
  {
    agent: 'agent-0101',
    contact: { customerId: 'C-1000001', customerName: '王芳', customerTier: 'standard', region: '021', phone: '13912345678', channel: 'hotline', summary: 'Disputes a roaming charge' },
    workOrder: { type: 'complaint', category: 'billing/charge-dispute', description: 'Customer disputes a 58.00 CNY data roaming charge on the October bill.' },
  },
  {
    agent: 'agent-0102',
    contact: { customerId: 'C-1000002', customerName: '北京星河科技有限公司', customerTier: 'diamond', region: '010', phone: '01065001234', channel: 'account-manager', summary: 'Enterprise line down' },
    workOrder: { type: 'fault-report', category: 'broadband/no-signal', description: 'Enterprise line down since 08:10; the account manager reports the fibre modem shows LOS.' },
  },
  {
    agent: 'agent-0103',
    contact: { customerId: 'C-1000003', customerName: '李娜', customerTier: 'gold', region: '0755', phone: '13822223333', channel: 'web', summary: '5G upgrade question' },
    workOrder: { type: 'consultation', category: 'plans/5g-upgrade', description: 'Asks whether the 5G upgrade keeps the family-plan discount.' },
  },
  {
    agent: 'agent-0101',
    contact: { customerId: 'C-1000004', customerName: '陈伟', customerTier: 'platinum', region: '021', phone: '13700001111', channel: 'hotline', summary: 'Second complaint about dropped calls' },
    workOrder: { type: 'complaint', category: 'network/dropped-calls', description: 'Calls drop every few minutes at home since the tower maintenance; second time he calls about it.' },
  },
  {
    agent: 'agent-0102',
    contact: { customerId: 'C-1000005', customerName: '张伟', customerTier: 'standard', region: '010', phone: '13611112222', channel: 'hotline', summary: 'No broadband at home' },
    workOrder: { type: 'fault-report', category: 'broadband/no-signal', description: 'Home broadband in Haidian down since last night; the branch works this in its own OA system.' },
  },
];

/** Demo units, users and the OA key straight into the database (the API has no user administration yet). */
export async function seedDemoIdentity(env: Env, mongodbUri: string): Promise<void> {
  const mongo = await connectMongo(mongodbUri);
  try {
    const identity = createIdentityService({ repo: mongoIdentityRepository(mongo, await documentLocks(mongo)), clock: { now: () => new Date() }, logger: createLogger(env, 'seed') });
    await seedIdentity(identity, { password: DEMO_PASSWORD, oaSystemSecret: DEMO_OA_SYSTEM_SECRET });
  } finally {
    await mongo.close();
  }
}

/**
 * Demo business calendars and SLA policies, as new versions where the stored ones differ, and the
 * default callback policy (over those calendars) when none is saved yet: an admin's edits stay.
 */
export async function seedDemoSla(mongodbUri: string): Promise<void> {
  const mongo = await connectMongo(mongodbUri);
  try {
    const repository = mongoSlaRepository(mongo, await documentLocks(mongo));
    await seedSla(createSlaService(repository), repository, 'demo-seed');
    const callbackPolicies = mongoCallbackPolicies(mongo);
    if (!(await callbackPolicies.current())) {
      await createCallbackPolicies({ repo: callbackPolicies, sla: repository, audit: mongoAuditLog(mongo), clock: systemClock }).save(DEFAULT_CALLBACK_POLICY, 'demo-seed');
    }
  } finally {
    await mongo.close();
  }
}

/** The demo OA endpoint, pointing at the local OA peer (kept as it is once there: an admin may have rotated its secrets). */
export async function seedDemoOa(env: Env, mongodbUri: string, oaPeerUrl: string): Promise<void> {
  const mongo = await connectMongo(mongodbUri);
  try {
    const repository = mongoOaRepository(mongo, await documentLocks(mongo), secretBox(env.SECRETS_KEY, env.SECRETS_KEY_PREVIOUS));
    const endpoint = demoOaEndpoint(oaPeerUrl, new Date());
    await repository.resealSecrets();
    if (!(await repository.endpoint(endpoint._id))) await repository.saveEndpoint(endpoint);
  } finally {
    await mongo.close();
  }
}

/** Raises the demo cases through the API, as their agents; a case whose work order exists already is skipped. */
export async function seedDemoWorkOrders(apiUrl: string, log: (line: string) => void): Promise<void> {
  for (const [index, demo] of DEMO_CASES.entries()) {
    const token = await login(apiUrl, demo.agent);
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> => {
      const response = await fetch(`${apiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`demo ${path} refused: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const existing = await fetch(`${apiUrl}/api/work-orders?q=${encodeURIComponent(demo.workOrder.description.slice(0, 40))}&limit=1`, { headers: { authorization: `Bearer ${token}` } });
    if (existing.status !== 200) throw new Error(`demo work orders cannot be listed: ${existing.status} ${await existing.text()}`);
    if (((await existing.json()) as { items: unknown[] }).items.length > 0) continue;
    const contact = await post('/api/contacts', demo.contact);
    const workOrder = await post('/api/work-orders', { ...demo.workOrder, contactId: contact.contactId }, { 'idempotency-key': `demo-case-${index + 1}` });
    log(`demo work order ${String(workOrder.workOrderId)} (${demo.workOrder.type}, ${demo.contact.customerTier}) by ${demo.agent}`);
  }
}

/** The demo campaign: broadband customers called back in preview mode by the hotline agents. */
const DEMO_CAMPAIGN = 'Broadband retention (demo)';
const DEMO_CAMPAIGN_LIST = [
  '手机号码,姓名,客户编号,套餐',
  '13900001230,张伟,C-0001230,100M 家庭宽带',
  '13900001240,李娜,C-0001240,200M 家庭宽带',
  '13900001250,王芳,C-0001250,500M 家庭宽带',
  '13900001260,刘洋,C-0001260,100M 家庭宽带',
  '13900001270,陈静,C-0001270,1000M 家庭宽带',
  '13900001230,张伟,C-0001230,100M 家庭宽带',
  '1390000,赵磊,C-0001290,100M 家庭宽带',
].join('\n');

/**
 * Sets up, imports and launches the demo campaign as the center's supervisor (once): the
 * hotline agents find its customers under "Preview dialing" while a calling window is open
 * (08:00 to 21:00 every day, China's calendar); the list shows a duplicate and an invalid number
 * filtered out.
 */
export async function seedDemoCampaign(apiUrl: string, log: (line: string) => void): Promise<void> {
  const auth = { authorization: `Bearer ${await login(apiUrl, 'center-sup')}` };
  const listed = await fetch(`${apiUrl}/api/campaigns`, { headers: auth });
  if (((await listed.json()) as { settings: { name: string } }[]).some((c) => c.settings.name === DEMO_CAMPAIGN)) return;
  const today = new Date().toISOString().slice(0, 10);
  const everyDay = [{ start: '08:00', end: '21:00' }];
  const created = await fetch(`${apiUrl}/api/campaigns`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: DEMO_CAMPAIGN,
      kind: 'retention',
      script: '您好，这里是客服中心。您的宽带合约即将到期，我们为您准备了续约优惠，方便介绍一下吗？',
      dialMode: 'preview',
      agentTeam: 'hotline-agents',
      departmentId: 'front-office',
      windows: { calendarId: 'cn-mainland', workday: everyDay, restDay: everyDay },
      rules: DEFAULT_ATTEMPT_RULES,
      pacing: { waveSize: 2, every: 'PT2M' },
      firstDay: today,
      lastDay: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    }),
  });
  if (created.status !== 201) throw new Error(`demo campaign refused: ${created.status} ${await created.text()}`);
  const { campaignId } = (await created.json()) as { campaignId: string };
  const form = new FormData();
  form.append('mapping', JSON.stringify({ phone: '手机号码', name: '姓名', custId: '客户编号', extra: ['套餐'] }));
  form.append('file', new Blob([DEMO_CAMPAIGN_LIST], { type: 'text/csv' }), 'demo-retention.csv');
  const imported = await fetch(`${apiUrl}/api/campaigns/${campaignId}/list`, { method: 'POST', headers: auth, body: form });
  if (imported.status !== 202) throw new Error(`demo campaign list refused: ${imported.status} ${await imported.text()}`);
  for (let tries = 0; tries < 100; tries++) {
    const campaign = (await (await fetch(`${apiUrl}/api/campaigns/${campaignId}`, { headers: auth })).json()) as { state: string };
    if (campaign.state === 'ready') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const launched = await fetch(`${apiUrl}/api/campaigns/${campaignId}/launch`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
  if (launched.status !== 200) throw new Error(`demo campaign launch refused: ${launched.status} ${await launched.text()}`);
  log(`demo campaign ${campaignId} (preview, hotline agents) launched`);
}

async function login(apiUrl: string, username: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`demo login of ${username} refused: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
