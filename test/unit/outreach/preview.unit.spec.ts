import type { Principal } from '../../../domain/identity/principal';
import { heldByAnother, mayAccess, PreviewResultSchema, PreviewSchema, resultVariables, type Preview } from '../../../domain/outreach/preview';

const now = new Date('2026-09-15T10:00+08:00');
const survey: Preview = PreviewSchema.parse({ kind: 'callback', chainId: 'c-1', phone: '13900001234', title: 'Callback', attempt: 1, answers: 'survey', script: null });
const offer: Preview = { ...survey, kind: 'campaign', answers: 'offer' };

const agentOf = (unitId: string, employeeId = 'agent-0101'): Principal => ({
  kind: 'user',
  id: employeeId,
  employeeId,
  displayName: employeeId,
  roles: ['agent'],
  unitId,
  departmentId: 'front-office',
  departments: [],
});

describe('the preview variable', () => {
  it('takes a missing optional value as null or absent alike', () => {
    expect(survey.script).toBeUndefined();
    expect(PreviewSchema.safeParse({ ...survey, phone: 'call me' }).success).toBe(false);
    expect(PreviewSchema.safeParse({ ...survey, attempt: 0 }).success).toBe(false);
  });
});

describe("an agent's result", () => {
  const parse = (body: unknown) => PreviewResultSchema.safeParse(body);

  it('needs an answer exactly when the customer was reached, and a reason exactly with not-satisfied', () => {
    expect(parse({ attemptOutcome: 'answered' }).success).toBe(false);
    expect(parse({ attemptOutcome: 'busy', answer: 'success' }).success).toBe(false);
    expect(parse({ attemptOutcome: 'answered', answer: 'not-satisfied' }).success).toBe(false);
    expect(parse({ attemptOutcome: 'answered', answer: 'not-satisfied', answerReason: '   ' }).success).toBe(false);
    expect(parse({ attemptOutcome: 'answered', answer: 'satisfied', answerReason: 'fine' }).success).toBe(false);
    expect(parse({ attemptOutcome: 'refused' }).success).toBe(true);
    expect(parse({ attemptOutcome: 'answered', answer: 'not-satisfied', answerReason: 'still broken' }).success).toBe(true);
  });

  it('becomes the contract variables, every key present, null where it does not apply', () => {
    const busy = PreviewResultSchema.parse({ attemptOutcome: 'busy', note: 'line busy twice' });
    expect(resultVariables(survey, busy, now, undefined)).toEqual({ attemptOutcome: 'busy', attemptEndedAt: now.toISOString(), callId: null, answer: null, answerReason: null });
    const unhappy = PreviewResultSchema.parse({ attemptOutcome: 'answered', answer: 'not-satisfied', answerReason: ' still broken ' });
    expect(resultVariables(survey, unhappy, now, 'call-1')).toMatchObject({ callId: 'call-1', answer: 'not-satisfied', answerReason: 'still broken' });
  });

  it("refuses an answer the task does not record (survey answers for an offer and back)", () => {
    const satisfied = PreviewResultSchema.parse({ attemptOutcome: 'answered', answer: 'satisfied' });
    expect(() => resultVariables(offer, satisfied, now, undefined)).toThrow(expect.objectContaining({ code: 'PREVIEW_ANSWER_MISMATCH' }));
    const success = PreviewResultSchema.parse({ attemptOutcome: 'answered', answer: 'success' });
    expect(() => resultVariables(survey, success, now, undefined)).toThrow(expect.objectContaining({ code: 'PREVIEW_ANSWER_MISMATCH' }));
  });
});

describe('who sees and holds a task', () => {
  it("shows a team's task to its agents and the department's to all its agents, an assigned one to its assignee", () => {
    expect(mayAccess(agentOf('hotline-agents'), { candidateGroups: ['hotline-agents'] })).toBe(true);
    expect(mayAccess(agentOf('senior-agents'), { candidateGroups: ['hotline-agents'] })).toBe(false);
    expect(mayAccess(agentOf('senior-agents'), { candidateGroups: ['front-office'] })).toBe(true);
    expect(mayAccess(agentOf('senior-agents', 'senior-0201'), { candidateGroups: [], assignee: 'senior-0201' })).toBe(true);
  });

  it('holds a task for its assignee, and for a claimant until the claim runs out', () => {
    const claimed = { candidateGroups: ['hotline-agents'], claimedBy: 'agent-0102', claimedUntil: new Date(now.getTime() + 1) };
    expect(heldByAnother(claimed, 'agent-0101', now)).toBe(true);
    expect(heldByAnother(claimed, 'agent-0102', now)).toBe(false);
    expect(heldByAnother({ ...claimed, claimedUntil: now }, 'agent-0101', now)).toBe(false);
    expect(heldByAnother({ candidateGroups: ['hotline-agents'], assignee: 'agent-0102' }, 'agent-0101', now)).toBe(true);
  });
});
