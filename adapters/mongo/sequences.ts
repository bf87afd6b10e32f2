import { Schema, type Connection } from 'mongoose';
import type { DocumentLocks } from './document-lock';

interface SequenceDoc {
  _id: string;
  value: number;
}

const SequenceSchema = new Schema<SequenceDoc>({ _id: String, value: Number }, { collection: 'sequences', versionKey: false });

export type NextSequence = (name: string) => Promise<number>;

/** Atomic counters (one document per name): `findOneAndUpdate` + `$inc` + upsert, under the document's lock. */
export function mongoSequences(connection: Connection, locks: DocumentLocks): NextSequence {
  const Sequence = connection.model<SequenceDoc>('Sequence', SequenceSchema);
  return (name) =>
    locks.run(`sequences/${name}`, async () => {
      const doc = await Sequence.findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after', lean: true });
      if (!doc) throw new Error(`sequence ${name} did not return a value`);
      return doc.value;
    });
}
