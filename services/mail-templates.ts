import type { AuditLog } from '../adapters/mongo/audit.repository';
import type { MailTemplateStore, StoredTemplate, TemplatePair } from '../adapters/mongo/mail-template.repository';
import type { Clock } from '../domain/clock';
import { Languages, type Language } from '../domain/identity/accounts';
import { MailTemplateError } from '../domain/mail/errors';
import { saveOnTop } from '../domain/sla/errors';
import { sampleView, templateProblems } from '../domain/mail/template-rules';
import { MAIL_TEMPLATES, renderMail, TemplateNames, type MailTemplate, type RenderedMail, type TemplateName } from '../domain/mail/templates';

export type TemplateSet = Readonly<Record<TemplateName, TemplatePair>>;

/** A template as the admin sees it: what mail is written with now, and whether that is the built-in text. */
export interface TemplateState {
  readonly name: TemplateName;
  readonly templates: TemplatePair;
  readonly builtIn: TemplatePair;
  /** The override in use; absent: no admin ever saved one, the built-in text is used. */
  readonly current?: StoredTemplate;
}

/**
 * Admins' overrides of the mail templates (docs/mail.md): each save is a new version, audited;
 * the composer writes every mail with the newest one, or with the built-in template of
 * domain/mail/templates.ts when there is none. "Reset to default" saves the built-in as a version.
 */
export interface MailTemplates {
  /** What mail is written with now, read at each mail so every process follows the last save. */
  effective(): Promise<TemplateSet>;
  list(): Promise<TemplateState[]>;
  get(name: TemplateName): Promise<TemplateState & { readonly versions: readonly StoredTemplate[] }>;
  /**
   * Saves the next version. With `basedOnVersion` (the version the editor opened; 0: never
   * overridden, the built-in text) it is exactly the version after it, and RULES_CHANGED when the
   * template moved on since or another save of that version came first: nothing is saved then.
   */
  save(name: TemplateName, templates: TemplatePair, comment: string, by: string, basedOnVersion?: number): Promise<StoredTemplate>;
  /** Saves the built-in text as the next version; `basedOnVersion` as for `save`. */
  reset(name: TemplateName, comment: string, by: string, basedOnVersion?: number): Promise<StoredTemplate>;
  /** Both languages rendered with sample data; refuses what `save` would refuse. */
  preview(name: TemplateName, templates: TemplatePair): Promise<Record<Language, RenderedMail>>;
}

function checked(name: TemplateName, templates: TemplatePair): TemplatePair {
  const problems = Languages.flatMap((language) => templateProblems(name, language, templates[language]));
  if (problems.length > 0) throw new MailTemplateError(name, problems);
  return templates;
}

const pairOf = (templates: TemplatePair): TemplatePair =>
  Object.fromEntries(Languages.map((l): [Language, MailTemplate] => [l, { subject: templates[l].subject, body: templates[l].body }])) as TemplatePair;

export function createMailTemplates(deps: { store: MailTemplateStore; audit: AuditLog; clock: Clock }): MailTemplates {
  const { store, audit, clock } = deps;

  const stateOf = (name: TemplateName, current: StoredTemplate | undefined): TemplateState => ({
    name,
    templates: current?.templates ?? MAIL_TEMPLATES[name],
    builtIn: MAIL_TEMPLATES[name],
    ...(current ? { current } : {}),
  });

  async function saveVersion(name: TemplateName, templates: TemplatePair, reset: boolean, comment: string, by: string, basedOnVersion: number | undefined): Promise<StoredTemplate> {
    const now = clock.now();
    const pair = pairOf(checked(name, templates));
    const newest = async (): Promise<number> => (await store.versions(name)).at(-1)?.version ?? 0;
    const saved =
      basedOnVersion === undefined
        ? await store.save(name, pair, reset, comment, by, now)
        : await saveOnTop(`mail template ${name}`, basedOnVersion, newest, (version) => store.saveAs(name, version, pair, reset, comment, by, now));
    await audit.record({ at: now, by, action: reset ? 'mail-template-reset' : 'mail-template-saved', subject: `mail-template:${name}`, detail: { version: saved.version, comment } });
    return saved;
  }

  return {
    async effective() {
      const current = await store.current();
      return Object.fromEntries(TemplateNames.map((name) => [name, current.find((t) => t.name === name)?.templates ?? MAIL_TEMPLATES[name]])) as TemplateSet;
    },
    async list() {
      const current = await store.current();
      return TemplateNames.map((name) => stateOf(name, current.find((t) => t.name === name)));
    },
    async get(name) {
      const versions = await store.versions(name);
      return { ...stateOf(name, versions[versions.length - 1]), versions };
    },
    save: (name, templates, comment, by, basedOnVersion) => saveVersion(name, templates, false, comment, by, basedOnVersion),
    reset: (name, comment, by, basedOnVersion) => saveVersion(name, MAIL_TEMPLATES[name], true, comment, by, basedOnVersion),
    preview(name, templates) {
      checked(name, templates);
      return Promise.resolve(Object.fromEntries(Languages.map((l) => [l, renderMail(templates[l], sampleView(name, l), l)])) as Record<Language, RenderedMail>);
    },
  };
}
