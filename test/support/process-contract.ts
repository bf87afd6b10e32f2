import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { USER_TASK_JOB_TYPE } from '../../domain/work-order/process';

/** What processes/*.bpmn and *.dmn promise the code: names that must exist on both sides. */
export interface ProcessContract {
  readonly jobTypes: Set<string>;
  readonly errorCodes: Set<string>;
  readonly messageNames: Set<string>;
  readonly processIds: Set<string>;
  readonly calledDecisions: Set<string>;
  readonly decisionIds: Set<string>;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true });

/** Visits every element of a parsed document with its local name. */
function walk(node: unknown, visit: (name: string, attrs: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    node.forEach((n) => walk(n, visit));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [name, child] of Object.entries(node)) {
    for (const element of Array.isArray(child) ? child : [child]) {
      if (element !== null && typeof element === 'object') visit(name, element as Record<string, unknown>);
    }
    walk(child, visit);
  }
}

export function readProcessContract(dir: string): ProcessContract {
  const contract: ProcessContract = {
    jobTypes: new Set(),
    errorCodes: new Set(),
    messageNames: new Set(),
    processIds: new Set(),
    calledDecisions: new Set(),
    decisionIds: new Set(),
  };
  for (const file of readdirSync(dir).filter((f) => /\.(bpmn|dmn)$/.test(f))) {
    const isDmn = file.endsWith('.dmn');
    walk(parser.parse(readFileSync(path.join(dir, file), 'utf8')), (name, attrs) => {
      const attr = (key: string): string | undefined => (typeof attrs[key] === 'string' ? (attrs[key]) : undefined);
      if (isDmn) {
        if (name === 'decision' && attr('id')) contract.decisionIds.add(attr('id')!);
        return;
      }
      if (name === 'taskDefinition' && attr('type')) contract.jobTypes.add(attr('type')!);
      // a BPMN user task without the zeebe:userTask marker is job-based: its jobs have this type
      const extensions = attrs.extensionElements as Record<string, unknown> | undefined;
      if (name === 'userTask' && attr('id') && extensions?.userTask === undefined) contract.jobTypes.add(USER_TASK_JOB_TYPE);
      if (name === 'error' && attr('errorCode')) contract.errorCodes.add(attr('errorCode')!);
      if (name === 'message' && attr('name')) contract.messageNames.add(attr('name')!);
      if (name === 'process' && attr('id')) contract.processIds.add(attr('id')!);
      if (name === 'calledDecision' && attr('decisionId')) contract.calledDecisions.add(attr('decisionId')!);
    });
  }
  return contract;
}
