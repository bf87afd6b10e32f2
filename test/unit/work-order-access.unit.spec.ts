import { maskPhone } from '../../domain/contact/contact';
import type { Principal } from '../../domain/identity/principal';
import { allowedActions, isVisible, mayCompleteTask, visibilityOf, type AccessFacts } from '../../domain/work-order/access';
import { TaskActions } from '../../domain/work-order/lifecycle';
import { progressOf } from '../../domain/work-order/progress';

const principal = (overrides: Partial<Principal>): Principal => ({
  kind: 'user',
  id: 'x',
  employeeId: 'x',
  displayName: 'X',
  roles: ['handler'],
  unitId: 'billing',
  departmentId: 'billing',
  departments: ['billing'],
  ...overrides,
});

const billingHandler = principal({ id: 'billing-h1', employeeId: 'billing-h1' });
const billingSupervisor = principal({ id: 'billing-sup', employeeId: 'billing-sup', roles: ['supervisor'] });
const owner = principal({ id: 'agent-0101', employeeId: 'agent-0101', roles: ['agent'], unitId: 'hotline-agents', departmentId: 'front-office', departments: [] });
const seniorAgent = principal({ id: 'senior-0201', employeeId: 'senior-0201', roles: ['agent'], unitId: 'senior-agents', departmentId: 'front-office', departments: [] });
const auditor = principal({ id: 'auditor-1', employeeId: 'auditor-1', roles: ['auditor'], unitId: 'center', departments: 'all' });

const at = (elementId: string, candidateGroups: string[], assignee?: string): AccessFacts => ({
  status: 'dispatched',
  ownerAgentId: 'agent-0101',
  department: 'billing',
  tasks: [{ elementId, candidateGroups, ...(assignee ? { assignee } : {}) }],
});

describe('who may take a step', () => {
  it('the department takes its steps; supervisors too', () => {
    expect(allowedActions(billingHandler, at('Activity_Accept', ['billing']))).toEqual(['accept', 'return', 'transfer']);
    expect(allowedActions(billingSupervisor, at('Activity_Handle', ['billing']))).toEqual(['return', 'transfer', 'collaborate', 'feedback', 'await-customer', 'urge', 'supervise']);
  });

  it('whoever may write feedback may pause handling to wait for the customer, and resume it', () => {
    expect(allowedActions(billingHandler, at('Activity_Handle', ['billing']))).toContain('await-customer');
    const waiting = { ...at('Activity_Handle', ['billing']), waitingForCustomer: { since: new Date() } };
    expect(allowedActions(billingHandler, waiting)).toContain('resume');
    expect(allowedActions(billingHandler, waiting)).not.toContain('await-customer');
    expect(allowedActions(billingHandler, at('Activity_Accept', ['billing']))).not.toContain('await-customer');
  });

  it('another department, and a role the step does not name, may not', () => {
    expect(mayCompleteTask(principal({ departments: ['vip-club'], unitId: 'vip-club' }), at('Activity_Accept', ['billing']).tasks[0]!)).toBe(false);
    expect(mayCompleteTask(billingHandler, at('Activity_Review', ['billing']).tasks[0]!)).toBe(false);
    expect(mayCompleteTask(billingSupervisor, at('Activity_Review', ['billing']).tasks[0]!)).toBe(true);
  });

  it('the assignee takes an assigned step; a team is a candidate group through the unit', () => {
    expect(allowedActions(owner, { ...at('Activity_Verify', ['front-office'], 'agent-0101'), status: 'verifying' })).toEqual(['verify', 'urge', 'cancel']);
    expect(mayCompleteTask(seniorAgent, at('Activity_SeniorCallback', ['senior-agents']).tasks[0]!)).toBe(true);
    expect(mayCompleteTask(seniorAgent, at('Activity_Verify', ['front-office'], 'agent-0101').tasks[0]!)).toBe(false);
  });

  it('an auditor sees everything and may take nothing', () => {
    expect(visibilityOf(auditor).all).toBe(true);
    expect(allowedActions(auditor, at('Activity_Accept', ['billing']))).toEqual([]);
  });

  it('only the owning agent cancels, and not once closed', () => {
    expect(allowedActions(owner, at('Activity_Accept', ['billing']))).toContain('cancel');
    expect(allowedActions(billingSupervisor, at('Activity_Accept', ['billing']))).not.toContain('cancel');
    expect(allowedActions(owner, { ...at('Activity_Accept', ['billing']), status: 'closed', tasks: [] })).toEqual([]);
  });
});

describe('who may see a work order', () => {
  const facts = { ownerAgentId: 'agent-0101', department: 'billing', tasks: [], collaborations: [] };
  it.each([
    ['its department', billingHandler, facts, true],
    ['another department', principal({ departments: ['vip-club'], unitId: 'vip-club' }), facts, false],
    ['the owning agent', owner, facts, true],
    ['another agent', principal({ employeeId: 'agent-0102', roles: ['agent'], unitId: 'hotline-agents', departments: [] }), facts, false],
    ['a department asked to collaborate', principal({ departments: ['network-maintenance'], unitId: 'network-maintenance' }), { ...facts, collaborations: [{ department: 'network-maintenance' }] }, true],
    ['the team a step waits for', seniorAgent, { ...facts, tasks: [{ candidateGroups: ['senior-agents'] }] }, true],
    ['an auditor', auditor, facts, true],
  ])('%s', (_label, who, workOrder, expected) => {
    expect(isVisible(visibilityOf(who), workOrder)).toBe(expected);
  });
});

describe('the status an action leads to', () => {
  it.each([
    ['feedback, standard flow', TaskActions.feedback.next({ flow: 'standard' }), 'verifying'],
    ['feedback, VIP flow', TaskActions.feedback.next({ flow: 'vip' }), 'in-review'],
    ['review rejected', TaskActions.review.next({ flow: 'vip', approved: false }), 'in-progress'],
    ['verify, not satisfied (reopen)', TaskActions.verify.next({ flow: 'standard', satisfied: false }), 'in-progress'],
    ['verify, satisfied', TaskActions.verify.next({ flow: 'standard', satisfied: true }), 'closed'],
    ['the last collaboration answered', TaskActions['collaboration-feedback'].next({ flow: 'standard', otherCollaborationsOpen: false }), 'in-progress'],
    ['a collaboration answered, others open', TaskActions['collaboration-feedback'].next({ flow: 'standard', otherCollaborationsOpen: true }), 'collaborating'],
  ])('%s', (_label, actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe('progress in the diagram, from the record', () => {
  it('marks open steps active and every recorded element passed', () => {
    const progress = progressOf({
      status: 'in-progress',
      routed: true,
      tasks: [{ elementId: 'Activity_Handle' }],
      history: [{ elementId: 'Activity_Route' }, { elementId: 'Activity_Dispatch' }, { elementId: 'Activity_Accept' }, { elementId: 'Activity_Handle' }, {}],
    });
    expect(progress.activeElementIds).toEqual(['Activity_Handle']);
    expect(progress.completedElementIds).toEqual(['StartEvent_Created', 'Activity_Classify', 'Activity_Route', 'Activity_Dispatch', 'Activity_Accept']);
  });

  it("shows a work order with OA waiting for OA's next answer, and none once it ended", () => {
    const facts = { routed: true, tasks: [], history: [{ elementId: 'Activity_PushToOa' }, { elementId: 'Activity_AwaitOaAcceptance' }] };
    expect(progressOf({ ...facts, status: 'in-progress', oa: { stage: 'accepted' } }).activeElementIds).toEqual(['Activity_AwaitOaResolution']);
    expect(progressOf({ ...facts, status: 'in-progress', oa: { stage: 'accepted' } }).completedElementIds).toContain('Activity_AwaitOaAcceptance');
    expect(progressOf({ ...facts, status: 'dispatched', oa: { stage: 'awaiting-acceptance' } }).activeElementIds).toEqual(['Activity_AwaitOaAcceptance']);
    expect(progressOf({ ...facts, status: 'cancelled', oa: { stage: 'accepted' } }).activeElementIds).toEqual([]);
    expect(progressOf({ ...facts, status: 'verifying', oa: { stage: 'finished' } }).activeElementIds).toEqual([]);
  });
});

describe('personal data', () => {
  it('masks the middle of a phone number', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('01065001234')).toBe('010****1234');
    expect(maskPhone('1234567')).toBe('1*****7');
  });
});
