import { Schema, type Connection } from 'mongoose';

interface SequenceDoc {
  _id: string;
  value: number;
}

const SequenceSchema = new Schema<SequenceDoc>({ _id: String, value: Number }, { collection: 'sequences', versionKey: false });

export type NextSequence = (name: string) => Promise<number>;

/** Atomic counters (one document per name): `findOneAndUpdate` + `$inc` + upsert, one round trip. */
export function mongoSequences(connection: Connection): NextSequence {
  const Sequence = connection.model<SequenceDoc>('Sequence', SequenceSchema);
  return async (name) => {
    const doc = await Sequence.findOneAndUpdate(
      { _id: name },
      { $inc: { value: 1 } },
      { upsert: true, returnDocument: 'after', lean: true },
    );
    if (!doc) throw new Error(`sequence ${name} did not return a value`);
    return doc.value;
  };
}
