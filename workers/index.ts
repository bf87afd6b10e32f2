import { ticketRouteWorker, type TicketRouteDeps } from './ticket-route.worker';
import type { WorkerDefinition } from './worker-kit';

/** Everything any worker needs; each worker takes the part it uses. */
export type WorkerDeps = TicketRouteDeps;

/** Every job worker of the platform. The contract test checks it against processes/*.bpmn. */
export const workerDefinitions: readonly WorkerDefinition<WorkerDeps>[] = [ticketRouteWorker];

export { startWorkers } from './worker-kit';
