import type { Connection } from 'mongoose';
import type { Language } from '../../domain/identity/accounts';
import type { MailTemplate, TemplateName } from '../../domain/mail/templates';
import { insertNextVersion, insertVersion, newestVersions, versionSchema, type VersionRow } from './versions';

export type TemplatePair = Readonly<Record<Language, MailTemplate>>;

/** One saved version of a template's override, both languages together. */
export interface StoredTemplate {
  readonly name: TemplateName;
  readonly version: number;
  readonly templates: TemplatePair;
  /** Saved by "reset to default": equal to the built-in template of the code that saved it. */
  readonly reset: boolean;
  readonly comment: string;
  readonly savedBy: string;
  readonly savedAt: Date;
}

export interface MailTemplateStore {
  save(name: TemplateName, templates: TemplatePair, reset: boolean, comment: string, by: string, at: Date): Promise<StoredTemplate>;
  /** Saves exactly `version`; null when that version exists already (another edit of the same version won). */
  saveAs(name: TemplateName, version: number, templates: TemplatePair, reset: boolean, comment: string, by: string, at: Date): Promise<StoredTemplate | null>;
  /** The newest version of every template that has one. */
  current(): Promise<StoredTemplate[]>;
  /** Every version of a template, oldest first. */
  versions(name: TemplateName): Promise<StoredTemplate[]>;
}

interface Body {
  templates: TemplatePair;
  reset: boolean;
}

/** Versions of mail-template overrides, as SLA policies are kept (versions.ts); the built-in templates are not stored. */
export function mongoMailTemplateStore(connection: Connection): MailTemplateStore {
  const Templates = connection.model('MailTemplate', versionSchema('mail_templates'));
  const toStored = (row: VersionRow): StoredTemplate => {
    const body = row.body as Body;
    return { name: row.id as TemplateName, version: row.version, templates: body.templates, reset: body.reset, comment: row.comment, savedBy: row.savedBy, savedAt: row.savedAt };
  };
  const row = (name: TemplateName, templates: TemplatePair, reset: boolean, comment: string, by: string, at: Date): Omit<VersionRow, '_id' | 'version'> => ({ id: name, body: { templates, reset } satisfies Body, comment, savedBy: by, savedAt: at });
  return {
    async save(name, templates, reset, comment, by, at) {
      const version = await insertNextVersion(Templates, row(name, templates, reset, comment, by, at));
      return { name, version, templates, reset, comment, savedBy: by, savedAt: at };
    },
    async saveAs(name, version, templates, reset, comment, by, at) {
      return (await insertVersion(Templates, row(name, templates, reset, comment, by, at), version)) ? { name, version, templates, reset, comment, savedBy: by, savedAt: at } : null;
    },
    // a handful of rows (a few templates, a few versions each): read whole, as policies are
    async current() {
      return newestVersions(await Templates.find().lean<VersionRow[]>().exec()).map(toStored);
    },
    async versions(name) {
      const rows = await Templates.find({ id: name }).sort({ version: 1 }).lean<VersionRow[]>().exec();
      return rows.map(toStored);
    },
  };
}
