import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey } from './errors';

/** Who deployed the files of processes/ at start-up. */
export const PLATFORM_DEPLOYER = 'platform';

/** One version of a BPMN process or a DMN decision as the engine numbered it, with who deployed it, when and why. */
export interface ProcessDeployment {
  /** `<resourceId>@<version>`: the engine numbers versions, so a version is recorded once. */
  _id: string;
  /** The BPMN process id or the DMN decision id. */
  resourceId: string;
  kind: 'process' | 'decision';
  version: number;
  /** The engine's process definition key or decision key. */
  key: string;
  /** The file name it was deployed under (the engine's duplicate check compares it too). */
  resourceName: string;
  xml: string;
  /** A user id, or PLATFORM_DEPLOYER for processes/ at start-up. */
  deployedBy: string;
  deployedAt: Date;
  comment: string;
}

export type DeploymentSummary = Omit<ProcessDeployment, 'xml'>;

const DeploymentSchema = new Schema<ProcessDeployment>(
  {
    _id: String,
    resourceId: String,
    kind: String,
    version: Number,
    key: String,
    resourceName: String,
    xml: String,
    deployedBy: String,
    deployedAt: Date,
    comment: String,
  },
  { collection: 'process_deployments', versionKey: false },
);

export const deploymentKey = (resourceId: string, version: number): string => `${resourceId}@${version}`;

export interface ProcessDeploymentRepository {
  /** Records a version once; false when it was recorded before (a start-up deploy the engine found unchanged). */
  recordOnce(deployment: Omit<ProcessDeployment, '_id'>): Promise<boolean>;
  /** Every recorded version without its XML, oldest first. */
  summaries(): Promise<DeploymentSummary[]>;
  find(resourceId: string, version: number): Promise<ProcessDeployment | null>;
}

/**
 * Versions are few (a handful per resource and release) and never change, so listing them reads
 * the whole collection (a scan on FerretDB v1, small by nature); one version is read by `_id`.
 */
export function mongoProcessDeployments(connection: Connection): ProcessDeploymentRepository {
  const Deployments = connection.model<ProcessDeployment>('ProcessDeployment', DeploymentSchema);
  return {
    async recordOnce(deployment) {
      try {
        await Deployments.create({ ...deployment, _id: deploymentKey(deployment.resourceId, deployment.version) });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    summaries: () => Deployments.find({}, { xml: 0 }).sort({ resourceId: 1, version: 1 }).lean<DeploymentSummary[]>().exec(),
    find: (resourceId, version) => Deployments.findOne({ _id: deploymentKey(resourceId, version) }).lean<ProcessDeployment>().exec(),
  };
}
