import { Schema, type Model } from 'mongoose';
import { insertOnce, isDuplicateKey } from './errors';

/**
 * Things kept as numbered versions that never change once saved (SLA policies, business
 * calendars, the callback policy): a change is the next version, and whatever started under an
 * earlier one keeps reading it by `<id>@<version>`.
 */
export interface VersionRow {
  /** `<id>@<version>`, so a version is saved once. */
  _id: string;
  id: string;
  version: number;
  /** The thing as validated when saved, without its version. */
  body: object;
  comment: string;
  savedBy: string;
  savedAt: Date;
}

export const versionKey = (id: string, version: number): string => `${id}@${version}`;

export const versionSchema = (collection: string): Schema<VersionRow> =>
  new Schema<VersionRow>(
    { _id: String, id: String, version: Number, body: Schema.Types.Mixed, comment: String, savedBy: String, savedAt: Date },
    // minimize: false keeps empty objects, e.g. a policy's `match: {}` (matches everything)
    { collection, versionKey: false, minimize: false },
  );

/** The newest version of every id, ordered by id. */
export function newestVersions<R extends { id: string; version: number }>(rows: readonly R[]): R[] {
  const byId = new Map<string, R>();
  for (const row of rows) if ((byId.get(row.id)?.version ?? 0) < row.version) byId.set(row.id, row);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Inserts version n+1; two saves at once both read n, one insert wins and the other tries n+2. */
export async function insertNextVersion(model: Model<VersionRow>, row: Omit<VersionRow, '_id' | 'version'>): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const versions = await model.find({ id: row.id }, { version: 1 }).lean<{ version: number }[]>().exec();
    const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
    try {
      await model.create({ ...row, _id: versionKey(row.id, version), version });
      return version;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error(`${row.id} is being saved by someone else; try again`);
}

/** Inserts exactly `version`; false when it exists already (someone saved it first): nothing changed. */
export function insertVersion(model: Model<VersionRow>, row: Omit<VersionRow, '_id' | 'version'>, version: number): Promise<boolean> {
  return insertOnce(() => model.create({ ...row, _id: versionKey(row.id, version), version }));
}
