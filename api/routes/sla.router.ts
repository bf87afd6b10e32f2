import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import type { SlaRepository } from '../../adapters/mongo/sla.repository';
import type { Clock } from '../../domain/clock';
import { NotFoundError } from '../../domain/errors';
import { SlaPolicyInputSchema } from '../../domain/sla/policy';
import { isWorkOrderId } from '../../domain/work-order/work-order';
import { processesDir } from '../../runtime/paths';
import type { SlaAdmin } from '../../services/sla-admin';
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
  readonly admin: SlaAdmin;
  readonly workOrders: WorkOrderService;
  readonly clock: Clock;
}

/** Who reads SLA rules (policies, calendars): those who work by them, audit them or edit them. */
const RULE_READERS = ['handler', 'supervisor', 'auditor', 'admin', 'designer'] as const;
const AUDITORS = ['auditor', 'admin'] as const;
const ADMINS = ['admin'] as const;

const RuleId = z.string().max(64);
const VersionNumber = z.coerce.number().int().min(1);
const Comment = z.string().trim().min(1).max(500);
/** The version an admin's edit was made on: 409 RULES_CHANGED when the rules moved on since. */
const BasedOnVersion = z.number().int().min(1);
/** The year of a holiday file, and the file itself as text (the portal reads the upload; the API's 64 kb body limit holds a year easily). */
const YearFile = { year: z.number().int().min(2000).max(2100), content: z.string().min(1).max(60_000) };

const DayChangesView = z.object({ added: z.array(z.string()), removed: z.array(z.string()) });
const ImportPreviewView = z.object({
  calendarId: z.string(),
  basedOnVersion: z.number().int().describe('send it back to apply: 409 RULES_CHANGED when the calendar moved on since'),
  year: z.number().int(),
  days: z.array(z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string(), line: z.number().int() })),
  holidays: DayChangesView,
  makeUpWorkdays: DayChangesView,
});

export function slaRouter(catalog: RouteCatalog, deps: SlaRouterDeps): Router {
  const router = Router();
  const { sla, slaService, admin, workOrders, clock } = deps;

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
      description:
        'Work orders already dispatched keep the version they were pinned to, unless an admin re-plans them (POST /api/work-orders/{id}/sla/replan). With `basedOnVersion` (the version the edit was made on) it is saved as exactly the version after it: 409 RULES_CHANGED, nothing saved, when the policy moved on since or another edit of that version was saved first. Without it (a new policy) it is saved as the next free version.',
      roles: ['admin'],
      body: SlaPolicyInputSchema.extend({ basedOnVersion: BasedOnVersion.optional() }),
      responses: { 201: { description: 'the saved version', schema: PolicyView }, 409: { description: 'RULES_CHANGED: the policy is no longer at `basedOnVersion`; nothing saved' } },
    },
    async ({ body: { basedOnVersion, ...policy }, res }) => {
      res.status(201).json(policyView(await admin.savePolicy(policy, principalOf(res).employeeId, basedOnVersion)));
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
      description: 'The body\'s `calendar` is a calendar without `version`: id, region, timeZone, weeklyHours, holidays, makeUpWorkdays. With `basedOnVersion`, 409 RULES_CHANGED when the calendar moved on since; 422 CALENDAR_INVALID lists what is wrong.',
      roles: ['admin'],
      body: z.strictObject({ calendar: z.looseObject({ id: z.string() }), comment: Comment, basedOnVersion: BasedOnVersion.optional() }),
      responses: { 201: { description: 'the saved version', schema: CalendarView } },
    },
    async ({ body, res }) => {
      const principal = principalOf(res);
      res.status(201).json(calendarView(await admin.saveCalendar(body.calendar, body.comment, principal.employeeId, body.basedOnVersion)));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/policies/:policyId/versions/:version',
      tag: 'SLA rules',
      summary: 'One version of a policy',
      roles: RULE_READERS,
      params: z.object({ policyId: RuleId, version: VersionNumber }),
      responses: { 200: { description: 'the version', schema: PolicyView } },
    },
    async ({ params, res }) => {
      const policy = await slaService.policyVersion({ id: params.policyId, version: params.version });
      if (!policy) throw new NotFoundError('policy version', `${params.policyId} v${params.version}`);
      res.json(policyView(policy));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/calendars/:calendarId/versions/:version',
      tag: 'SLA rules',
      summary: 'One version of a business calendar',
      roles: RULE_READERS,
      params: z.object({ calendarId: RuleId, version: VersionNumber }),
      responses: { 200: { description: 'the version', schema: CalendarView } },
    },
    async ({ params, res }) => {
      const calendar = await sla.calendarVersion({ id: params.calendarId, version: params.version });
      if (!calendar) throw new NotFoundError('calendar version', `${params.calendarId} v${params.version}`);
      res.json(calendarView(calendar));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/calendars/:calendarId/days',
      tag: 'SLA rules',
      summary: 'Sets days of a calendar (holiday, make-up workday, or back to the weekly rule) and saves the next version (audited)',
      description: 'Edits apply in order on `basedOnVersion` (409 RULES_CHANGED when the calendar moved on). 422 CALENDAR_INVALID when the result is not a valid calendar, e.g. a make-up workday on a day the week works. Work orders already pinned keep their version.',
      roles: ADMINS,
      params: z.object({ calendarId: RuleId }),
      body: z.strictObject({
        basedOnVersion: BasedOnVersion,
        edits: z.array(z.strictObject({ date: z.iso.date(), kind: z.enum(['holiday', 'workday', 'normal']) })).min(1).max(400),
        comment: Comment,
      }),
      responses: { 201: { description: 'the saved version', schema: CalendarView } },
    },
    async ({ params, body, res }) => {
      const saved = await admin.editDays(params.calendarId, body.basedOnVersion, body.edits, body.comment, principalOf(res).employeeId);
      res.status(201).json(calendarView(saved));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/calendars/:calendarId/import/preview',
      tag: 'SLA rules',
      summary: "What a year's holiday file (CSV or iCalendar) would add and remove; changes nothing",
      description: 'Formats: docs/business-calendar.md. 422 CALENDAR_IMPORT_INVALID lists every problem with its line (`errors[].line`).',
      roles: ADMINS,
      params: z.object({ calendarId: RuleId }),
      body: z.strictObject(YearFile),
      responses: { 200: { description: 'the changes', schema: ImportPreviewView } },
    },
    async ({ params, body, res }) => {
      res.json(await admin.previewImport(params.calendarId, body.year, body.content));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/calendars/:calendarId/import',
      tag: 'SLA rules',
      summary: "Replaces a year's holidays and make-up workdays with the file's and saves the next version (audited)",
      description: 'The same file as the preview, with the preview\'s `basedOnVersion`. Other years are kept. 422 CALENDAR_IMPORT_INVALID (nothing changed), 409 RULES_CHANGED.',
      roles: ADMINS,
      params: z.object({ calendarId: RuleId }),
      body: z.strictObject({ ...YearFile, basedOnVersion: BasedOnVersion, comment: Comment }),
      responses: { 201: { description: 'the saved version and what changed', schema: z.object({ calendar: CalendarView, preview: ImportPreviewView }) } },
    },
    async ({ params, body, res }) => {
      const { calendar, preview } = await admin.applyImport(params.calendarId, body.year, body.content, body.basedOnVersion, body.comment, principalOf(res).employeeId);
      res.status(201).json({ calendar: calendarView(calendar), preview });
    },
  );

  return router;
}
