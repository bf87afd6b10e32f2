import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Deployment } from '@camunda8/sdk/dist/zeebe/lib/interfaces-grpc-1.0';
import type { ZeebeClient } from './zeebe-client';

export interface DeployedResource {
  readonly kind: 'process' | 'decision';
  readonly id: string;
  readonly version: number;
  readonly key: string;
  /** The file name the resource was deployed under. */
  readonly resourceName: string;
}

/** A BPMN or DMN file to deploy: its name says which (`.bpmn` / `.dmn`). */
export interface ProcessFile {
  readonly name: string;
  readonly content: string;
}

export const isProcessFile = (name: string): boolean => /\.(bpmn|dmn)$/.test(name);

/** The BPMN and DMN files of `dir`, by name. */
export async function readProcessFiles(dir: string): Promise<ProcessFile[]> {
  const files = (await readdir(dir)).filter(isProcessFile).sort();
  if (files.length === 0) throw new Error(`no .bpmn or .dmn files in ${dir}`);
  return Promise.all(files.map(async (name) => ({ name, content: await readFile(path.join(dir, name), 'utf8') })));
}

/**
 * Deploys the files in one atomic call. Idempotent: the engine keeps the current version of a
 * resource whose content and name did not change, so deploying it again creates no new version.
 */
export async function deployFiles(zeebe: ZeebeClient, files: readonly ProcessFile[]): Promise<DeployedResource[]> {
  const response = await zeebe.deployResources(
    files.map(({ name, content }) => (name.endsWith('.dmn') ? { name, decision: Buffer.from(content) } : { name, process: Buffer.from(content) })),
  );
  const deployments = response.deployments as Deployment[];
  const requirementsFile = new Map(deployments.flatMap((d) => ('decisionRequirements' in d ? [[d.decisionRequirements.decisionRequirementsKey, d.decisionRequirements.resourceName] as const] : [])));
  return deployments.flatMap((d): DeployedResource[] => {
    if ('process' in d) {
      const p = d.process;
      return [{ kind: 'process', id: p.bpmnProcessId, version: p.version, key: String(p.processDefinitionKey), resourceName: p.resourceName }];
    }
    if ('decision' in d) {
      const dec = d.decision;
      const resourceName = requirementsFile.get(dec.decisionRequirementsKey) ?? '';
      return [{ kind: 'decision', id: dec.dmnDecisionId, version: dec.version, key: String(dec.decisionKey), resourceName }];
    }
    return []; // decision requirements graphs and forms: not reported
  });
}

/** Deploys every BPMN and DMN file in `dir` (see deployFiles). */
export async function deployProcesses(zeebe: ZeebeClient, dir: string): Promise<DeployedResource[]> {
  return deployFiles(zeebe, await readProcessFiles(dir));
}
