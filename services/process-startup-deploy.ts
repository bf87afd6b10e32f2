import { connectMongo } from '../adapters/mongo/connect';
import { mongoProcessDeployments, PLATFORM_DEPLOYER, type ProcessDeployment, type ProcessDeploymentRepository } from '../adapters/mongo/process-deployment.repository';
import { deployFiles, readProcessFiles, type DeployedResource, type ProcessFile } from '../adapters/zeebe/deploy-processes';
import { createZeebeClient } from '../adapters/zeebe/zeebe-client';
import type { Connections } from '../config/connections';
import type { Env } from '../config/env';
import { systemClock, type Clock } from '../domain/clock';

export interface StartupDeployDeps {
  readonly deployments: ProcessDeploymentRepository;
  readonly deployFiles: (files: readonly ProcessFile[]) => Promise<DeployedResource[]>;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

/**
 * What a file of processes/ deploys as at start-up (docs/process-designer.md): the newest version
 * a designer deployed, while the file is the one the platform deployed before that; the file
 * itself otherwise (a first start, or a release that changed the file, which then supersedes the
 * designer's version and says so in the log). A restart never rolls a designer's deploy back.
 */
export function contentAtStart(file: ProcessFile, recorded: readonly Omit<ProcessDeployment, 'xml'>[], xmlOf: (d: Omit<ProcessDeployment, 'xml'>) => string): { content: string; designerVersion?: Omit<ProcessDeployment, 'xml'>; superseded?: Omit<ProcessDeployment, 'xml'> } {
  const versions = recorded.filter((d) => d.resourceName === file.name).sort((a, b) => b.version - a.version);
  const newest = versions[0];
  if (!newest || newest.deployedBy === PLATFORM_DEPLOYER) return { content: file.content };
  const lastOfPlatform = versions.find((d) => d.deployedBy === PLATFORM_DEPLOYER);
  if (lastOfPlatform && xmlOf(lastOfPlatform) === file.content) return { content: xmlOf(newest), designerVersion: newest };
  return { content: file.content, superseded: newest };
}

/**
 * Deploys processes/ (see contentAtStart) in one atomic call and records the versions the files
 * made; a version the engine already had is recorded once.
 */
export async function deployProcessesAtStart(dir: string, deps: StartupDeployDeps): Promise<DeployedResource[]> {
  const files = await readProcessFiles(dir);
  const recorded = await deps.deployments.summaries();
  const xml = new Map<string, string>();
  for (const d of recorded) {
    const found = await deps.deployments.find(d.resourceId, d.version);
    if (found) xml.set(d._id, found.xml);
  }
  const chosen = files.map((file) => ({ file, ...contentAtStart(file, recorded, (d) => xml.get(d._id) ?? '') }));
  for (const c of chosen) {
    if (c.designerVersion) deps.log(`${c.file.name}: keeping version ${c.designerVersion.version} by ${c.designerVersion.deployedBy} (the file is unchanged since the platform deployed it)`);
    if (c.superseded) deps.log(`${c.file.name}: the file changed since the last start; it supersedes version ${c.superseded.version} by ${c.superseded.deployedBy}`);
  }
  const deployed = await deps.deployFiles(chosen.map((c) => ({ name: c.file.name, content: c.content })));
  const now = deps.clock.now();
  for (const d of deployed) {
    const from = chosen.find((c) => c.file.name === d.resourceName);
    if (!from || from.designerVersion) continue;
    await deps.deployments.recordOnce({ resourceId: d.id, kind: d.kind, version: d.version, key: d.key, resourceName: d.resourceName, xml: from.content, deployedBy: PLATFORM_DEPLOYER, deployedAt: now, comment: 'deployed from processes/ at start-up' });
  }
  return deployed;
}

/** The start-up deploy with its own connections to the engine and the database (the start script, the test setup). */
export async function deployPlatformProcesses(options: { env: Env; connections: Connections; dir: string; log: (line: string) => void }): Promise<DeployedResource[]> {
  const zeebe = createZeebeClient(options.connections, options.env);
  const mongo = await connectMongo(options.connections.mongodbUri);
  try {
    return await deployProcessesAtStart(options.dir, {
      deployments: mongoProcessDeployments(mongo),
      deployFiles: (files) => deployFiles(zeebe, files),
      clock: systemClock,
      log: options.log,
    });
  } finally {
    await zeebe.close();
    await mongo.close();
  }
}
