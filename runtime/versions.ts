/**
 * Pinned versions of the local runtime. See README "Runtime versions" for why these.
 *
 * Camunda: the newest `io.camunda:camunda-zeebe` distribution the Maven Central mirror of
 * these machines serves (8.9.x, 8.8.x and 8.7.x answer 404 there; 8.6.0 resolves).
 */
export const CAMUNDA_VERSION = '8.6.0';
export const CAMUNDA_ARTIFACT = `io.camunda:camunda-zeebe:${CAMUNDA_VERSION}:tar.gz`;
/** Engine releases need Java 21 or newer. */
export const ENGINE_MIN_JAVA = 21;

/** FerretDB v1, the last line with the embedded SQLite backend (Apache-2.0). */
export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';
