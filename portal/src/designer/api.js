// @ts-check
/**
 * The designer's part of the API (docs/process-designer.md): processes and decisions, their
 * versions and XML, the lint, the deploy, and Closeloop's job types.
 */
import { ApiError, fetchFile, request } from '../api.js';
import { t } from '../i18n.js';

/**
 * @typedef {'process' | 'decision'} ResourceKind
 * @typedef {{ resourceId: string, kind: ResourceKind, version: number, key: string, deployedBy: string,
 *   deployedAt: string, comment: string, running: number | null }} ProcessVersion
 *   `running`: open work orders on the version; null where the platform does not track instances
 * @typedef {{ resourceId: string, kind: ResourceKind, resourceName: string, latest: ProcessVersion,
 *   versionCount: number, running: { version: number, open: number }[] | null }} ProcessResource
 * @typedef {{ elementId?: string, message: string, category: 'error' | 'warn', rule: string }} LintIssue
 * @typedef {{ en: string, 'zh-CN': string }} Localized
 * @typedef {{ type: string, template: string, group: string, label: Localized, description: Localized,
 *   headers?: Record<string, string> }} JobType
 */

/** Who deployed processes/ at start-up (adapters/mongo/process-deployment.repository.ts). */
const PLATFORM = 'platform';

/** A deployer as people read it: the user id, or "platform" in the chosen language. @param {string} by */
export const deployerName = (by) => (by === PLATFORM ? t('designer.platform') : by);

const base = (/** @type {string} */ id) => `/api/processes/${encodeURIComponent(id)}`;

export const designerApi = {
  /** @returns {Promise<ProcessResource[]>} */
  resources: async () => (/** @type {{ items: ProcessResource[] }} */ (await request('GET', '/api/processes'))).items,
  /** @param {string} id @returns {Promise<ProcessVersion[]>} newest first */
  versions: async (id) => (/** @type {{ items: ProcessVersion[] }} */ (await request('GET', `${base(id)}/versions`))).items,
  /** @returns {Promise<JobType[]>} */
  jobTypes: async () => (/** @type {{ items: JobType[] }} */ (await request('GET', '/api/processes/job-types'))).items,
  /** @param {string} xml @param {ResourceKind} kind @returns {Promise<LintIssue[]>} */
  lint: async (xml, kind) => (/** @type {{ issues: LintIssue[] }} */ (await request('POST', '/api/processes/lint', { body: { xml, kind } }))).issues,
  /**
   * @param {string} id @param {string} xml @param {string} comment
   * @param {number} basedOnVersion the version the change was made on (409 PROCESS_CHANGED when newer ones exist)
   * @returns {Promise<ProcessVersion>}
   */
  deploy: (id, xml, comment, basedOnVersion) => request('POST', `${base(id)}/deploy`, { body: { xml, comment, basedOnVersion } }),

  /** The XML of one version. @param {string} id @param {number} version @returns {Promise<string>} */
  xml: async (id, version) => (await fetchFile(`${base(id)}/versions/${version}/xml`, 'application/xml')).text(),
};

/**
 * The lint findings a refused deploy carries (422 PROCESS_LINT_FAILED), or none.
 * @param {unknown} err
 * @returns {LintIssue[]}
 */
export function issuesOf(err) {
  if (!(err instanceof ApiError) || err.code !== 'PROCESS_LINT_FAILED') return [];
  return /** @type {{ issues?: LintIssue[] }} */ (err.problem).issues ?? [];
}
