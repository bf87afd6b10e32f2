import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Deployment } from '@camunda8/sdk/dist/zeebe/lib/interfaces-grpc-1.0';
import type { ZeebeClient } from './zeebe-client';

export interface DeployedResource {
  readonly kind: 'process' | 'decision';
  readonly id: string;
  readonly version: number;
  readonly key: string;
}

/**
 * Deploys every BPMN and DMN file in `dir` in one atomic call. Idempotent: the engine keeps
 * the current version of a resource whose content did not change, so a restart creates no
 * new versions.
 */
export async function deployProcesses(zeebe: ZeebeClient, dir: string): Promise<DeployedResource[]> {
  const files = (await readdir(dir)).filter((f) => /\.(bpmn|dmn)$/.test(f)).sort();
  if (files.length === 0) throw new Error(`no .bpmn or .dmn files in ${dir}`);
  const resources = await Promise.all(
    files.map(async (file) => {
      const content = await readFile(path.join(dir, file));
      return file.endsWith('.dmn') ? { name: file, decision: content } : { name: file, process: content };
    }),
  );
  const response = await zeebe.deployResources(resources);
  return (response.deployments as Deployment[]).flatMap((d): DeployedResource[] => {
    if ('process' in d) {
      const p = d.process;
      return [{ kind: 'process', id: p.bpmnProcessId, version: p.version, key: String(p.processDefinitionKey) }];
    }
    if ('decision' in d) {
      const dec = d.decision;
      return [{ kind: 'decision', id: dec.dmnDecisionId, version: dec.version, key: String(dec.decisionKey) }];
    }
    return []; // decision requirements graphs and forms: not reported
  });
}
