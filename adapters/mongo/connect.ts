import mongoose, { type Connection } from 'mongoose';

/**
 * Opens a dedicated mongoose connection (not the global one), so API, workers and tests can
 * hold several side by side. Works on MongoDB and on FerretDB v1: no transactions, change
 * streams or $lookup on any path (see README "Database").
 */
export async function connectMongo(uri: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: 20,
  });
  await connection.asPromise();
  return connection;
}
