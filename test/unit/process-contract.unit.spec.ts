import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as workOrderErrors from '../../domain/work-order/errors';
import { PhoneCallProcess } from '../../domain/call/call';
import { CampaignContactProcess, CampaignProcess } from '../../domain/campaign/process';
import { CallbackProcess } from '../../domain/callback/process';
import { SlaClockProcess } from '../../domain/sla/process';
import { WorkOrderProcess } from '../../domain/work-order/process';
import { workerDefinitions } from '../../workers';
import { readProcessContract } from '../support/process-contract';

const processes = path.join(__dirname, '..', '..', 'processes');
const contract = readProcessContract(processes);

/** Every `domain/<area>/errors.ts` exports the BPMN error codes of its area as `BpmnErrorCodes`. */
function knownErrorCodes(): Set<string> {
  const domain = path.join(__dirname, '..', '..', 'domain');
  const codes = new Set<string>();
  for (const area of readdirSync(domain, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const file = path.join(domain, area.name, 'errors.ts');
    if (!existsSync(file)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const errors = require(file) as { BpmnErrorCodes?: Record<string, string> };
    Object.values(errors.BpmnErrorCodes ?? {}).forEach((c) => codes.add(c));
  }
  return codes;
}

describe('processes/ and the code agree', () => {
  it('reads job types and error codes from the diagrams (the contract is not empty)', () => {
    expect(contract.jobTypes.size).toBeGreaterThan(0);
    expect(contract.errorCodes).toContain(workOrderErrors.BpmnErrorCodes.DUPLICATE_INSTANCE);
  });

  it('has a registered worker for every job type in processes/*.bpmn', () => {
    const registered = new Set(workerDefinitions.map((w) => w.type));
    const missing = [...contract.jobTypes].filter((t) => !registered.has(t));
    expect(missing).toEqual([]);
  });

  it('has no worker for a job type no diagram uses', () => {
    const unused = workerDefinitions.map((w) => w.type).filter((t) => !contract.jobTypes.has(t));
    expect(unused).toEqual([]);
  });

  it('knows every error code a diagram catches', () => {
    const known = knownErrorCodes();
    const unknown = [...contract.errorCodes].filter((c) => !known.has(c));
    expect(unknown).toEqual([]);
  });

  it('uses only process ids and message names that stand in the diagrams', () => {
    for (const id of [WorkOrderProcess.id, SlaClockProcess.id, SlaClockProcess.escalationId]) expect(contract.processIds).toContain(id);
    for (const name of [...Object.values(WorkOrderProcess.messages), ...Object.values(SlaClockProcess.messages)]) expect(contract.messageNames).toContain(name);
    expect(contract.processIds).toContain(PhoneCallProcess.id);
    for (const name of Object.values(PhoneCallProcess.messages)) expect(contract.messageNames).toContain(name);
    for (const process of [CampaignProcess, CampaignContactProcess]) {
      expect(contract.processIds).toContain(process.id);
      for (const name of Object.values(process.messages)) expect(contract.messageNames).toContain(name);
    }
    expect(contract.processIds).toContain(CallbackProcess.id);
    for (const name of Object.values(CallbackProcess.messages)) expect(contract.messageNames).toContain(name);
  });

  it('calls only decisions that a DMN file in processes/ defines', () => {
    const undefinedDecisions = [...contract.calledDecisions].filter((d) => !contract.decisionIds.has(d));
    expect(undefinedDecisions).toEqual([]);
  });
});
