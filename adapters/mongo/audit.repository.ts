import { randomUUID } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';

/** One administrative change: who did what to which thing, when, and the facts worth keeping (never a secret). */
export interface AuditRecord {
  _id: string;
  at: Date;
  by: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

const AuditSchema = new Schema<AuditRecord>(
  { _id: String, at: Date, by: String, action: String, subject: String, detail: { type: Schema.Types.Mixed, default: {} } },
  { collection: 'audit_log', versionKey: false, minimize: false },
);

export interface AuditLog {
  record(entry: Omit<AuditRecord, '_id'>): Promise<void>;
  about(subject: string): Promise<AuditRecord[]>;
}

/** Append-only: the platform never updates or deletes an audit record. */
export function mongoAuditLog(connection: Connection): AuditLog {
  const Audit = connection.model<AuditRecord>('Audit', AuditSchema);
  return {
    async record(entry) {
      await Audit.create({ _id: randomUUID(), ...entry });
    },
    about: (subject) => Audit.find({ subject }).sort({ at: 1 }).lean<AuditRecord[]>().exec(),
  };
}
