import type { ReportClockDoc, SlaRepository } from '../adapters/mongo/sla.repository';
import { ForbiddenError } from '../domain/errors';
import type { Principal } from '../domain/identity/principal';
import {
  complianceReport,
  inScope,
  latenessMsAt,
  reportScopeOf,
  stepAtBreach,
  type ComplianceGrouping,
  type ComplianceReport,
  type Period,
  type ReportScope,
} from '../domain/sla/compliance';
import type { ClockKind } from '../domain/sla/policy';

export interface ComplianceQuery {
  readonly period: Period;
  readonly groupBy: ComplianceGrouping;
  /** The clock kinds to count; absent: every kind. */
  readonly kinds?: readonly ClockKind[];
  /** The instant "overdue now" is judged at. */
  readonly now: Date;
}

export interface ComplianceResult {
  readonly report: ComplianceReport;
  /** The departments the report covers. */
  readonly scope: ReportScope;
}

export interface BreachQuery {
  readonly period: Period;
  readonly department?: string;
  readonly kinds?: readonly ClockKind[];
  /** At most this many, newest first; `total` says how many there are. */
  readonly limit: number;
  /** The instant the lateness of clocks still counting is measured at. */
  readonly now: Date;
}

export interface Breach {
  readonly clock: ReportClockDoc;
  /** The step it broke its limit at (for the resolution clock: the measured step open then, if any). */
  readonly stepElementId?: string;
  /** Wall-clock time past the due instant: final once stopped, so far while the clock still counts. */
  readonly latenessMs: number;
  readonly ongoing: boolean;
}

export interface BreachList {
  readonly items: readonly Breach[];
  readonly total: number;
  readonly scope: ReportScope;
}

export interface SlaReports {
  /** Met, late and overdue clocks per group, of the departments the principal may see. */
  compliance(principal: Principal, query: ComplianceQuery): Promise<ComplianceResult>;
  /** Clocks breached in the period, newest first, of the departments the principal may see. */
  breaches(principal: Principal, query: BreachQuery): Promise<BreachList>;
}

/** The departments to read: the one asked for (when the principal may see it), else all the principal may see. */
function departmentsFor(scope: ReportScope, department: string | undefined): readonly string[] | undefined {
  if (department !== undefined) {
    if (!inScope(scope, department)) {
      throw new ForbiddenError(`The SLA reports of ${department} are not yours to see; yours: ${scope.all ? 'every department' : scope.departments.join(', ') || 'none'}`);
    }
    return [department];
  }
  return scope.all ? undefined : scope.departments;
}

export function createSlaReports(deps: { readonly sla: Pick<SlaRepository, 'findReportClocks'> }): SlaReports {
  const { sla } = deps;
  return {
    async compliance(principal, query) {
      const scope = reportScopeOf(principal);
      const departments = departmentsFor(scope, undefined);
      const { now } = query;
      const common = { ...(query.kinds ? { kinds: query.kinds } : {}), ...(departments ? { departments } : {}) };
      const [finished, counting] = await Promise.all([
        sla.findReportClocks({ ...common, states: ['met', 'late', 'cancelled'], stoppedFrom: query.period.from, stoppedTo: query.period.to }),
        sla.findReportClocks({ ...common, states: ['running', 'paused'] }),
      ]);
      return { report: complianceReport([...finished, ...counting], { period: query.period, groupBy: query.groupBy, now }), scope };
    },

    async breaches(principal, query) {
      const scope = reportScopeOf(principal);
      const departments = departmentsFor(scope, query.department);
      const { now } = query;
      const breached = await sla.findReportClocks({
        ...(query.kinds ? { kinds: query.kinds } : {}),
        ...(departments ? { departments } : {}),
        breachedFrom: query.period.from,
        breachedTo: query.period.to,
      });
      breached.sort((a, b) => b.breachedAt!.getTime() - a.breachedAt!.getTime() || (a.clockId < b.clockId ? -1 : a.clockId > b.clockId ? 1 : 0));
      const shown = breached.slice(0, query.limit);
      // the resolution clock spans the work order: its step is read from the step clocks beside it
      const spanning = [...new Set(shown.filter((c) => !c.stepElementId).map((c) => c.workOrderId))];
      const siblings = spanning.length > 0 ? await sla.findReportClocks({ workOrderIds: spanning }) : [];
      return {
        items: shown.map((c) => {
          const step = stepAtBreach(c, siblings);
          return { clock: c, ...(step ? { stepElementId: step } : {}), latenessMs: latenessMsAt(c, now), ongoing: c.state === 'running' || c.state === 'paused' };
        }),
        total: breached.length,
        scope,
      };
    },
  };
}
