import type { AuditLog } from '../adapters/mongo/audit.repository';
import type { DocumentLocks } from '../adapters/mongo/document-lock';
import { type DeploymentSummary, type ProcessDeploymentRepository } from '../adapters/mongo/process-deployment.repository';
import type { WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import { lintBpmn, lintDmn, type LintContext, type LintIssue, type ProcessModel } from '../adapters/bpmn/process-lint';
import type { DeployedResource, ProcessFile } from '../adapters/zeebe/deploy-processes';
import { withTimeout } from '../domain/async';
import type { Clock } from '../domain/clock';
import { NotFoundError } from '../domain/errors';
import {
  ProcessChangedError,
  ProcessEngineUnavailableError,
  ProcessIdMismatchError,
  ProcessLintFailedError,
  ProcessRejectedError,
  ProcessUnchangedError,
} from '../domain/process/errors';
import { WorkOrderProcess } from '../domain/work-order/process';

export type ResourceKind = 'process' | 'decision';

export interface VersionView {
  readonly resourceId: string;
  readonly kind: ResourceKind;
  readonly version: number;
  readonly key: string;
  readonly deployedBy: string;
  readonly deployedAt: Date;
  readonly comment: string;
  /** Open work orders on this version; null where the platform does not track instances (everything but work-order.bpmn). */
  readonly running: number | null;
}

export interface ResourceView {
  readonly resourceId: string;
  readonly kind: ResourceKind;
  readonly resourceName: string;
  readonly latest: VersionView;
  readonly versionCount: number;
  /** Open work orders per version, newest first (versions none runs on are left out); null as in VersionView. */
  readonly running: { version: number; open: number }[] | null;
}

export interface ProcessDesigner {
  list(): Promise<ResourceView[]>;
  /** Every version of a resource, newest first; NOT_FOUND for a resource never deployed. */
  versions(resourceId: string): Promise<VersionView[]>;
  xml(resourceId: string, version: number): Promise<string>;
  lint(xml: string, kind: ResourceKind): Promise<LintIssue[]>;
  /**
   * Lints (errors refuse it: PROCESS_LINT_FAILED), checks the file defines `resourceId`
   * (PROCESS_ID_MISMATCH), deploys it as the resource's next version, records and audits it.
   * With `basedOnVersion`, a newer version deployed since refuses it (PROCESS_CHANGED): a
   * designer's old draft never replaces a colleague's version unseen.
   */
  deploy(resourceId: string, change: { xml: string; comment: string; basedOnVersion?: number | undefined }, by: string): Promise<VersionView>;
}

export interface ProcessDesignerDeps {
  readonly deployments: ProcessDeploymentRepository;
  readonly workOrders: Pick<WorkOrderRepository, 'countOpenByProcessVersion'>;
  readonly deployFiles: (files: readonly ProcessFile[]) => Promise<DeployedResource[]>;
  readonly lintContext: LintContext;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly engineTimeoutMs: number;
  /** One deploy of a resource at a time, across API processes. */
  readonly locks: Pick<DocumentLocks, 'exclusive'>;
}

const GRPC_INVALID_ARGUMENT = 3;
const isRejection = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === GRPC_INVALID_ARGUMENT || /INVALID_ARGUMENT/.test(String(err));

/** Lints a file of either kind with the platform's rules. */
export async function lintProcessFile(xml: string, kind: ResourceKind, context: LintContext): Promise<ProcessModel> {
  return kind === 'process' ? lintBpmn(xml, context) : lintDmn(xml, context);
}

export function createProcessDesigner(deps: ProcessDesignerDeps): ProcessDesigner {
  const { deployments, audit, clock } = deps;

  /** Open work orders per version, for the one process the platform binds instances of. */
  async function runningOf(resourceId: string): Promise<Map<number, number> | null> {
    return resourceId === WorkOrderProcess.id ? deps.workOrders.countOpenByProcessVersion() : null;
  }

  const view = (d: Omit<DeploymentSummary, '_id'>, running: Map<number, number> | null): VersionView => ({
    resourceId: d.resourceId,
    kind: d.kind,
    version: d.version,
    key: d.key,
    deployedBy: d.deployedBy,
    deployedAt: d.deployedAt,
    comment: d.comment,
    running: running ? (running.get(d.version) ?? 0) : null,
  });

  async function versionsOf(resourceId: string): Promise<DeploymentSummary[]> {
    const found = (await deployments.summaries()).filter((d) => d.resourceId === resourceId).sort((a, b) => b.version - a.version);
    if (found.length === 0) throw new NotFoundError('process resource', resourceId);
    return found;
  }

  return {
    async list() {
      const byResource = new Map<string, DeploymentSummary[]>();
      for (const d of await deployments.summaries()) byResource.set(d.resourceId, [...(byResource.get(d.resourceId) ?? []), d]);
      return Promise.all(
        [...byResource.entries()].map(async ([resourceId, versions]): Promise<ResourceView> => {
          const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
          const running = await runningOf(resourceId);
          return {
            resourceId,
            kind: latest.kind,
            resourceName: latest.resourceName,
            latest: view(latest, running),
            versionCount: versions.length,
            running: running ? [...running.entries()].map(([version, open]) => ({ version, open })).sort((a, b) => b.version - a.version) : null,
          };
        }),
      );
    },

    async versions(resourceId) {
      const [found, running] = await Promise.all([versionsOf(resourceId), runningOf(resourceId)]);
      return found.map((d) => view(d, running));
    },

    async xml(resourceId, version) {
      const found = await deployments.find(resourceId, version);
      if (!found) throw new NotFoundError('process version', `${resourceId} v${version}`);
      return found.xml;
    },

    async lint(xml, kind) {
      return (await lintProcessFile(xml, kind, deps.lintContext)).issues;
    },

    // the version check, the engine's new version and its record are one step: two deploys made
    // on the same version would both pass the check otherwise, and one would replace the other unseen
    deploy: (resourceId, { xml, comment, basedOnVersion }, by) =>
      deps.locks.exclusive(`process:${resourceId}`, async () => {
        const [latest] = await versionsOf(resourceId);
        if (basedOnVersion !== undefined && latest!.version !== basedOnVersion) throw new ProcessChangedError(resourceId, basedOnVersion, latest!.version);
        const model = await lintProcessFile(xml, latest!.kind, deps.lintContext);
        if (model.issues.some((i) => i.category === 'error')) throw new ProcessLintFailedError(model.issues);
        if (!model.ids.includes(resourceId)) throw new ProcessIdMismatchError(resourceId, model.ids);

        let deployed: DeployedResource[];
        try {
          // the resource keeps its file name: the engine's duplicate check and the start-up deploy compare by it
          deployed = await withTimeout(deps.deployFiles([{ name: latest!.resourceName, content: xml }]), deps.engineTimeoutMs, 'engine did not take the deployment in time');
        } catch (err) {
          if (isRejection(err)) throw new ProcessRejectedError((err as Error).message);
          throw new ProcessEngineUnavailableError(err);
        }
        const mine = deployed.find((d) => d.id === resourceId);
        if (!mine) throw new ProcessIdMismatchError(resourceId, deployed.map((d) => d.id));
        const now = clock.now();
        const recorded = { resourceId, kind: mine.kind, version: mine.version, key: mine.key, resourceName: latest!.resourceName, xml, deployedBy: by, deployedAt: now, comment };
        if (!(await deployments.recordOnce(recorded))) throw new ProcessUnchangedError(resourceId, mine.version);
        await audit.record({ at: now, by, action: 'process-deployed', subject: `process:${resourceId}`, detail: { version: mine.version, key: mine.key, comment } });
        return view(recorded, await runningOf(resourceId));
      }),
  };
}
