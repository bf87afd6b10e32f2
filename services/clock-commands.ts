import type { EngineCommand, WorkOrderClock } from '../adapters/mongo/work-order.model';
import { SlaClockProcess } from '../domain/sla/process';
import { clockCommand } from './engine-commands';

/**
 * The messages a work-order change owes its SLA clocks (processes/sla-clock.bpmn). They travel
 * as engine commands in the same update as the change, like every other promise to the engine,
 * and their message ids name the change, so sending one twice is harmless.
 */
const { messages } = SlaClockProcess;

export function startClock(workOrderId: string, clock: WorkOrderClock, at: Date, stepElementId?: string): EngineCommand {
  return clockCommand(
    messages.started,
    clock.clockId,
    `clock/${clock.clockId}/start`,
    { clockId: clock.clockId, workOrderId, kind: clock.kind, startedAt: clock.startedAt.toISOString(), ...(stepElementId ? { stepElementId } : {}) },
    at,
  );
}

/**
 * Ends the running clocks `ends` picks: the step they measure is done (`stopped`), or the work
 * order was cancelled. Returns the work order's clock list as it stands after, and the messages.
 */
export function stopClocks(
  clocks: readonly WorkOrderClock[],
  ends: (clock: WorkOrderClock) => boolean,
  outcome: 'stopped' | 'cancelled',
  at: Date,
): { clocks: WorkOrderClock[]; commands: EngineCommand[] } {
  const ending = clocks.filter((c) => c.running && ends(c));
  return {
    clocks: clocks.map((c) => (ending.includes(c) ? { ...c, running: false } : c)),
    commands: ending.map((c) => clockCommand(messages.stopped, c.clockId, `clock/${c.clockId}/stop`, { stoppedAt: at.toISOString(), outcome }, at)),
  };
}

/** The `pause`-th pause of the work order stops its clocks; the same number resumes them. */
export function pauseClocks(clocks: readonly WorkOrderClock[], pause: number, at: Date): EngineCommand[] {
  return clocks.map((c) => clockCommand(messages.paused, c.clockId, `clock/${c.clockId}/pause/${pause}`, { pausedAt: at.toISOString() }, at));
}

export function resumeClocks(clocks: readonly WorkOrderClock[], pause: number, at: Date): EngineCommand[] {
  return clocks.map((c) => clockCommand(messages.resumed, c.clockId, `clock/${c.clockId}/resume/${pause}`, { resumedAt: at.toISOString() }, at));
}

/** An admin's re-plan: the clocks plan again with the policy and calendar versions current now. */
export function replanClocks(clocks: readonly WorkOrderClock[], replan: { replanId: string; by: string; reason: string }, at: Date): EngineCommand[] {
  return clocks.map((c) => clockCommand(messages.replanned, c.clockId, `clock/${c.clockId}/replan/${replan.replanId}`, { replan }, at));
}

/** The n-th urge raises the resolution clock one level. */
export function urgeClock(clock: WorkOrderClock, urges: number, at: Date): EngineCommand {
  return clockCommand(messages.urged, clock.clockId, `clock/${clock.clockId}/urged/${urges}`, { urges }, at);
}
