import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import type { SlaRepository } from '../../adapters/mongo/sla.repository';
import type { Clock } from '../../domain/clock';
import { SlaPolicyInputSchema } from '../../domain/sla/policy';
import { isWorkOrderId } from '../../domain/work-order/work-order';
import { processesDir } from '../../runtime/paths';
import type { SlaService } from '../../services/sla-service';
import type { WorkOrderService } from '../../services/work-order-service';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';
import { CalendarView, calendarView, ClockView, clockView, JournalEntryView, journalEntryView, PolicyView, policyView } from '../sla.view';

const MOUNT = '/api/sla';

const WorkOrderId = z.string().refine(isWorkOrderId, 'a work-order id looks like WO-20261121-000001');

/** The diagrams the auditors' timeline is drawn on: the ones `processes/` deploys. */
const diagrams = {
  clock: readFileSync(path.join(processesDir(), 'sla-clock.bpmn'), 'utf8'),
  escalation: readFileSync(path.join(processesDir(), 'escalation.bpmn'), 'utf8'),
};

const Mismatches = z.object({
  clocks: z.number().int(),
  entries: z.number().int(),
  mismatches: z.array(z.object({ clockId: z.string(), entryId: z.string(), problem: z.string() })),
});

export interface SlaRouterDeps {
  readonly sla: SlaRepository;
  readonly slaService: SlaService;
  readonly workOrders: WorkOrderService;
  readonly clock: Clock;
}

/** Who reads SLA rules (policies, calendars): those who work by them, audit them or edit them. */
const RULE_READERS = ['handler', 'supervisor', 'auditor', 'admin', 'designer'] as const;
const AUDITORS = ['auditor', 'admin'] as const;

export function slaRouter(catalog: RouteCatalog, deps: SlaRouterDeps): Router {
  const router = Router();
  const { sla, slaService, workOrders, clock } = deps;

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/work-orders/:id',
      tag: 'SLA',
      summary: "A work order's SLA clocks, their journal and the diagrams its timers run in",
      roles: ['agent', 'handler', 'supervisor', 'auditor', 'admin'],
      params: z.object({ id: WorkOrderId }),
      responses: {
        200: {
          description: 'clocks and journal',
          schema: z.object({
            workOrderId: z.string(),
            pin: z.object({ policy: z.object({ id: z.string(), version: z.number() }), calendar: z.object({ id: z.string(), version: z.number() }), pinnedAt: z.string(), replans: z.number() }).nullable(),
            clocks: z.array(ClockView),
            journal: z.array(JournalEntryView),
            diagrams: z.object({ clock: z.string(), escalation: z.string() }).describe('BPMN XML of sla-clock.bpmn and escalation.bpmn'),
          }),
        },
      },
    },
    async ({ params, res }) => {
      const doc = await workOrders.get(principalOf(res), params.id);
      const clocks = await slaService.clocksOf(doc);
      const calendars = await Promise.all(clocks.map((c) => slaService.calendarFor(c.calendar)));
      res.json({
        workOrderId: doc.workOrderId,
        pin: doc.sla ? { ...doc.sla, pinnedAt: doc.sla.pinnedAt.toISOString() } : null,
        clocks: clocks.map((c, i) => clockView(c, calendars[i]!, clock.now())),
        journal: clocks.flatMap((c) => c.journal).sort((a, b) => a.at.getTime() - b.at.getTime()).map(journalEntryView),
        diagrams,
      });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/verify',
      tag: 'SLA',
      summary: 'Re-derives every deadline from the journal (one work order, or all) and lists each line that disagrees',
      roles: AUDITORS,
      query: z.strictObject({ workOrderId: WorkOrderId.optional() }),
      responses: { 200: { description: 'what was checked and what disagrees (an empty list: everything re-derives)', schema: Mismatches } },
    },
    async ({ query, res }) => {
      const entries = query.workOrderId ? (await slaService.clocksOf(await workOrders.get(principalOf(res), query.workOrderId))).flatMap((c) => c.journal) : await sla.journalAll();
      res.json(await slaService.verify(entries));
    },
  );

  catalog.add(
    router,
    MOUNT,
    { method: 'get', path: '/policies', tag: 'SLA rules', summary: 'The current version of every SLA policy', roles: RULE_READERS, responses: { 200: { description: 'policies', schema: z.array(PolicyView) } } },
    async ({ res }) => {
      res.json((await sla.currentPolicies()).map(policyView));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/policies/:policyId/versions',
      tag: 'SLA rules',
      summary: "Every version of a policy, oldest first: who saved what, when and why",
      roles: RULE_READERS,
      params: z.object({ policyId: z.string().max(64) }),
      responses: { 200: { description: 'versions', schema: z.array(PolicyView) } },
    },
    async ({ params, res }) => {
      res.json((await sla.policyVersions(params.policyId)).map(policyView));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/policies',
      tag: 'SLA rules',
      summary: 'Saves a policy as its next version',
      description: 'Work orders already dispatched keep the version they were pinned to, unless an admin re-plans them (POST /api/work-orders/{id}/sla/replan).',
      roles: ['admin'],
      body: SlaPolicyInputSchema,
      responses: { 201: { description: 'the saved version', schema: PolicyView } },
    },
    async ({ body, res }) => {
      const principal = principalOf(res);
      res.status(201).json(policyView(await slaService.savePolicy(body, principal.employeeId, clock.now())));
    },
  );

  catalog.add(
    router,
    MOUNT,
    { method: 'get', path: '/calendars', tag: 'SLA rules', summary: 'The current version of every business calendar', roles: RULE_READERS, responses: { 200: { description: 'calendars', schema: z.array(CalendarView) } } },
    async ({ res }) => {
      res.json((await sla.currentCalendars()).map(calendarView));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/calendars/:calendarId/versions',
      tag: 'SLA rules',
      summary: 'Every version of a business calendar, oldest first',
      roles: RULE_READERS,
      params: z.object({ calendarId: z.string().max(64) }),
      responses: { 200: { description: 'versions', schema: z.array(CalendarView) } },
    },
    async ({ params, res }) => {
      res.json((await sla.calendarVersions(params.calendarId)).map(calendarView));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/calendars',
      tag: 'SLA rules',
      summary: 'Saves a business calendar (working hours, holidays, make-up days) as its next version',
      description: 'The body\'s `calendar` is a calendar without `version`: id, region, timeZone, weeklyHours, holidays, makeUpWorkdays.',
      roles: ['admin'],
      body: z.strictObject({ calendar: z.looseObject({ id: z.string() }), comment: z.string().trim().min(1).max(500) }),
      responses: { 201: { description: 'the saved version', schema: CalendarView } },
    },
    async ({ body, res }) => {
      const principal = principalOf(res);
      res.status(201).json(calendarView(await slaService.saveCalendar(body.calendar, body.comment, principal.employeeId, clock.now())));
    },
  );

  return router;
}
