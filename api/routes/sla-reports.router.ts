import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../domain/clock';
import { ComplianceGroupings, toCsv, type ComplianceRow, type Period, type ReportScope } from '../../domain/sla/compliance';
import { ClockKinds, type ClockKind } from '../../domain/sla/policy';
import type { Breach, SlaReports } from '../../services/sla-reports';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';
import { stepName } from '../work-order.view';

const MOUNT = '/api/sla';

/** Who reads the SLA reports: auditors and admins for every department, supervisors for their own. */
const REPORT_READERS = ['supervisor', 'auditor', 'admin'] as const;

/** Without `from`, a report covers this many days before `to`. */
const DEFAULT_PERIOD_DAYS = 30;
const DAY_MS = 86_400_000;

const Instant = z.iso.datetime({ offset: true, error: 'an ISO 8601 instant with a time zone, e.g. 2026-11-01T00:00:00+08:00 or 2026-10-31T16:00:00Z' });
const PeriodQuery = {
  from: Instant.optional().describe(`start of the period, included; default ${DEFAULT_PERIOD_DAYS} days before \`to\``),
  to: Instant.optional().describe('end of the period, left out; default now'),
};
const Format = z.enum(['json', 'csv']).default('json').describe('csv: text/csv (RFC 4180, header row) as an attachment');

const ComplianceQuerySchema = z.strictObject({
  ...PeriodQuery,
  groupBy: z.enum(ComplianceGroupings).default('department'),
  kind: z.enum([...ClockKinds, 'all']).optional().describe('the clock kind to count; default resolution, or all kinds with groupBy=kind'),
  format: Format,
});

const BreachQuerySchema = z.strictObject({
  ...PeriodQuery,
  department: z.string().min(1).max(64).optional(),
  kind: z.enum(ClockKinds).optional().describe('default: every kind'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000).describe('at most this many, newest first; `total` counts them all'),
  format: Format,
});

const Scope = z.object({ departments: z.union([z.literal('all'), z.array(z.string())]).describe('the departments the report covers') });
const PeriodView = z.object({ from: z.iso.datetime(), to: z.iso.datetime() });
const Minutes = z.number().nullable();

const ComplianceRowView = z.object({
  group: z.string().nullable().describe('department, type, tier or kind; null: no department recorded (and in `total`)'),
  finished: z.number().int().describe('met + late: clocks stopped in the period (by their stop instant)'),
  met: z.number().int(),
  late: z.number().int().describe('stopped after their limit (breached)'),
  cancelled: z.number().int().describe('stopped in the period by a cancellation: counted apart'),
  metRate: z.number().nullable().describe('met / finished, 0..1; null when nothing finished'),
  averageLatenessMinutes: Minutes.describe('of the late clocks: wall-clock minutes past the due instant when they stopped'),
  p90LatenessMinutes: Minutes.describe('nearest-rank 90th percentile: the smallest lateness that at least 90% of the late clocks do not exceed (rank ceil(0.9 n))'),
  maxLatenessMinutes: Minutes,
  overdueNow: z.number().int().describe('clocks still running (or paused) past their due instant at `generatedAt`, whenever they started'),
});

const ComplianceView = z.object({
  period: PeriodView,
  groupBy: z.enum(ComplianceGroupings),
  kind: z.enum([...ClockKinds, 'all']),
  generatedAt: z.iso.datetime(),
  scope: Scope,
  groups: z.array(ComplianceRowView),
  total: ComplianceRowView,
});

const BreachView = z.object({
  workOrderId: z.string(),
  clockId: z.string(),
  kind: z.enum(ClockKinds),
  stepElementId: z.string().nullable().describe('work-order.bpmn step it broke its limit at; for the resolution clock the measured step open then (null: none was, e.g. re-routing)'),
  stepName: z.string().nullable(),
  department: z.string().nullable(),
  type: z.string(),
  tier: z.string(),
  priority: z.string().nullable(),
  policy: z.object({ id: z.string(), version: z.number().int() }),
  targetMinutes: z.number().describe('working minutes'),
  startedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  breachedAt: z.iso.datetime().describe('when the platform saw the due timer fire'),
  levelReached: z.number().int(),
  levels: z.number().int().describe('levels of the escalation ladder'),
  state: z.enum(['running', 'paused', 'met', 'late', 'cancelled']),
  stoppedAt: z.iso.datetime().nullable(),
  latenessMinutes: z.number().describe('wall-clock minutes past the due instant: final once stopped, so far while `ongoing`'),
  ongoing: z.boolean().describe('the clock still counts (or is paused)'),
});

const BreachesView = z.object({
  period: PeriodView,
  generatedAt: z.iso.datetime(),
  scope: Scope,
  total: z.number().int(),
  truncated: z.boolean().describe('more breaches than `limit`: the newest are listed'),
  items: z.array(BreachView),
});

/** Minutes to one decimal: enough for people, stable for spreadsheets. */
const minutes = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);
const rate = (value: number | null): number | null => (value === null ? null : Math.round(value * 10_000) / 10_000);
const iso = (d: Date | undefined): string | null => (d ? d.toISOString() : null);

/** The period asked for, with the defaults; a period that ends before it starts is a 400 like any bad query. */
function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (from >= to) {
    throw new z.ZodError([{ code: 'custom', path: ['from'], message: `from (${from.toISOString()}) must be before to (${to.toISOString()})`, input: query.from }]);
  }
  return { from, to };
}

const scopeView = (scope: ReportScope): z.infer<typeof Scope> => ({ departments: scope.all ? 'all' : [...scope.departments] });

const rowView = (row: ComplianceRow): z.infer<typeof ComplianceRowView> => ({
  ...row,
  metRate: rate(row.metRate),
  averageLatenessMinutes: minutes(row.averageLatenessMinutes),
  p90LatenessMinutes: minutes(row.p90LatenessMinutes),
  maxLatenessMinutes: minutes(row.maxLatenessMinutes),
});

function breachView(breach: Breach): z.infer<typeof BreachView> {
  const c = breach.clock;
  return {
    workOrderId: c.workOrderId,
    clockId: c.clockId,
    kind: c.kind,
    stepElementId: breach.stepElementId ?? null,
    stepName: breach.stepElementId ? stepName(breach.stepElementId) : null,
    department: c.department ?? null,
    type: c.type,
    tier: c.tier,
    priority: c.priority ?? null,
    policy: { id: c.policy.id, version: c.policy.version },
    targetMinutes: c.terms.targetMinutes,
    startedAt: c.startedAt.toISOString(),
    dueAt: c.plan.dueAt.toISOString(),
    breachedAt: c.breachedAt!.toISOString(),
    levelReached: c.levelReached,
    levels: c.plan.ladder.length,
    state: c.state,
    stoppedAt: iso(c.stoppedAt),
    latenessMinutes: minutes(breach.latenessMs / 60_000)!,
    ongoing: breach.ongoing,
  };
}

/** `2026-11-01T00:00:00.000Z` -> `20261101T000000Z`, for file names. */
const compact = (d: Date): string => d.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');

function sendCsv(res: Response, fileName: string, csv: string): void {
  res.set('Cache-Control', 'private, no-store');
  res.attachment(fileName);
  res.type('text/csv; charset=utf-8; header=present').send(csv);
}

export function slaReportsRouter(catalog: RouteCatalog, deps: { readonly reports: SlaReports; readonly clock: Clock }): Router {
  const router = Router();
  const { reports, clock } = deps;

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/compliance',
      tag: 'SLA reports',
      summary: 'SLA compliance per department, type, tier or clock kind: met, late, lateness, overdue now',
      description:
        'Counts the clocks that stopped in [from, to) by their stop instant: met and late (breached), with the met rate and the average, ' +
        'nearest-rank 90th percentile and maximum lateness (wall-clock minutes past the due instant) of the late ones; cancelled clocks ' +
        'are counted apart. `overdueNow` counts clocks still running past their due instant at `generatedAt`. Auditors and admins see ' +
        'every department, supervisors the departments they oversee. `format=csv` answers text/csv (RFC 4180: header row, CRLF, ' +
        'quoted fields) as an attachment, one row per group.',
      roles: REPORT_READERS,
      query: ComplianceQuerySchema,
      responses: { 200: { description: 'the report (JSON, or CSV with format=csv)', schema: ComplianceView, alsoCsv: true } },
    },
    async ({ query, res }) => {
      const principal = principalOf(res);
      const now = clock.now();
      const period = periodOf(query, now);
      const kind = query.kind ?? (query.groupBy === 'kind' ? 'all' : 'resolution');
      const kinds: readonly ClockKind[] | undefined = kind === 'all' ? undefined : [kind];
      const { report, scope } = await reports.compliance(principal, { period, groupBy: query.groupBy, ...(kinds ? { kinds } : {}), now });
      if (query.format === 'csv') {
        const rows = report.rows.map(rowView);
        sendCsv(
          res,
          `sla-compliance_${query.groupBy}_${kind}_${compact(period.from)}_${compact(period.to)}.csv`,
          toCsv(
            [query.groupBy, 'clock_kind', 'period_from', 'period_to', 'finished', 'met', 'late', 'met_rate', 'avg_lateness_min', 'p90_lateness_min', 'max_lateness_min', 'cancelled', 'overdue_now'],
            rows.map((r) => [
              r.group ?? '',
              kind,
              period.from.toISOString(),
              period.to.toISOString(),
              r.finished,
              r.met,
              r.late,
              r.metRate,
              r.averageLatenessMinutes,
              r.p90LatenessMinutes,
              r.maxLatenessMinutes,
              r.cancelled,
              r.overdueNow,
            ]),
          ),
        );
        return;
      }
      res.set('Cache-Control', 'private, no-store');
      res.json({
        period: { from: period.from.toISOString(), to: period.to.toISOString() },
        groupBy: query.groupBy,
        kind,
        generatedAt: now.toISOString(),
        scope: scopeView(scope),
        groups: report.rows.map(rowView),
        total: rowView(report.total),
      } satisfies z.infer<typeof ComplianceView>);
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/breaches',
      tag: 'SLA reports',
      summary: 'Clocks that broke their limit in a period, newest first: which step, which escalation level was reached, how late',
      description:
        'Clocks whose due timer fired (breachedAt) in [from, to). Auditors and admins see every department, supervisors the departments ' +
        'they oversee (another department: 403). `format=csv` answers text/csv (RFC 4180) as an attachment.',
      roles: REPORT_READERS,
      query: BreachQuerySchema,
      responses: { 200: { description: 'the breaches (JSON, or CSV with format=csv)', schema: BreachesView, alsoCsv: true } },
    },
    async ({ query, res }) => {
      const principal = principalOf(res);
      const now = clock.now();
      const period = periodOf(query, now);
      const list = await reports.breaches(principal, {
        period,
        ...(query.department ? { department: query.department } : {}),
        ...(query.kind ? { kinds: [query.kind] } : {}),
        limit: query.limit,
        now,
      });
      const items = list.items.map(breachView);
      res.set('X-Total-Count', String(list.total));
      if (query.format === 'csv') {
        sendCsv(
          res,
          `sla-breaches_${query.department ?? 'all'}_${compact(period.from)}_${compact(period.to)}.csv`,
          toCsv(
            ['work_order_id', 'clock_kind', 'step_element_id', 'step_name', 'department', 'type', 'tier', 'priority', 'policy_id', 'policy_version', 'target_working_min', 'started_at', 'due_at', 'breached_at', 'level_reached', 'levels', 'state', 'stopped_at', 'lateness_min', 'ongoing'],
            items.map((b) => [
              b.workOrderId,
              b.kind,
              b.stepElementId,
              b.stepName,
              b.department,
              b.type,
              b.tier,
              b.priority,
              b.policy.id,
              b.policy.version,
              b.targetMinutes,
              b.startedAt,
              b.dueAt,
              b.breachedAt,
              b.levelReached,
              b.levels,
              b.state,
              b.stoppedAt,
              b.latenessMinutes,
              b.ongoing ? 'true' : 'false',
            ]),
          ),
        );
        return;
      }
      res.set('Cache-Control', 'private, no-store');
      res.json({
        period: { from: period.from.toISOString(), to: period.to.toISOString() },
        generatedAt: now.toISOString(),
        scope: scopeView(list.scope),
        total: list.total,
        truncated: list.total > items.length,
        items,
      } satisfies z.infer<typeof BreachesView>);
    },
  );

  return router;
}
