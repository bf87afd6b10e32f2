// @ts-check
/**
 * Camunda 8 element templates made from Closeloop's job types (GET /api/processes/job-types,
 * the same list the server checks workers against): a designer picks "Send to OA" and the task
 * gets the job type, and the headers its worker reads, without typing them.
 */

import { t } from '../i18n.js';

/** @typedef {import('./api.js').JobType} JobType */
/** @typedef {import('../i18n.js').Locale} Locale */

/** Template ids are namespaced so they never clash with templates from elsewhere. */
export const TEMPLATE_PREFIX = 'closeloop.';

/**
 * @param {JobType[]} jobTypes
 * @param {Locale} locale labels and descriptions in this language
 */
export function elementTemplates(jobTypes, locale) {
  return jobTypes.map((job) => ({
    $schema: 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json',
    id: `${TEMPLATE_PREFIX}${job.template}`,
    name: job.label[locale],
    description: job.description[locale],
    version: 1,
    category: { id: `closeloop-${job.group}`, name: `Closeloop · ${t(`designer.group.${job.group}`)}` },
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    properties: [
      { type: 'Hidden', value: job.type, binding: { type: 'zeebe:taskDefinition', property: 'type' } },
      { label: t('designer.template.retries'), type: 'String', value: '5', binding: { type: 'zeebe:taskDefinition', property: 'retries' } },
      ...Object.entries(job.headers ?? {}).map(([key, value]) => ({ type: 'Hidden', value, binding: { type: 'zeebe:taskHeader', key } })),
    ],
  }));
}
