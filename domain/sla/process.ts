import type { HumanStep, TaskActionName } from '../work-order/lifecycle';
import type { ClockKind } from './policy';

/**
 * Names shared by the code and processes/sla-clock.bpmn and escalation.bpmn (the contract test
 * checks each one stands in a diagram). Every message but the start correlates by clock id.
 */
export const SlaClockProcess = {
  id: 'sla-clock',
  escalationId: 'escalation',
  messages: {
    /** Starts a clock; correlation key = clock id, so a clock runs once at a time. */
    started: 'sla-clock-started',
    /** The step (or the work order) the clock measures has ended. */
    stopped: 'sla-clock-stopped',
    /** The work order waits for the customer: the clock stands still. */
    paused: 'sla-clock-paused',
    resumed: 'sla-clock-resumed',
    /** An admin re-pinned the work order to the current policy and calendar. */
    replanned: 'sla-clock-replanned',
    /** The n-th urge: one level up the ladder at once. */
    urged: 'sla-clock-urged',
  },
} as const;

export const resolutionClockId = (workOrderId: string): string => `${workOrderId}:resolution`;
export const stepClockId = (workOrderId: string, kind: ClockKind, taskId: string): string => `${workOrderId}:${kind}:${taskId}`;

/** The clock a human step runs on; steps left out (re-routing, collaboration) have none of their own. */
export const StepClocks: Partial<Record<HumanStep, ClockKind>> = {
  Activity_Accept: 'acceptance',
  Activity_Handle: 'handling',
  Activity_Review: 'review',
  Activity_Verify: 'verification',
  Activity_SeniorCallback: 'verification',
};

/**
 * Whether completing `step` with `action` ends the clock of that step. Handling runs on through
 * collaboration: asking other departments is part of handling, not its end.
 */
export const stopsStepClock = (step: HumanStep, action: TaskActionName): boolean =>
  StepClocks[step] !== undefined && !(step === 'Activity_Handle' && action === 'collaborate');
