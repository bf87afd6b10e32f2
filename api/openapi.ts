import { z } from 'zod';
import type { RouteCatalog } from './route';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): unknown => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** `/:id/accept` -> `/{id}/accept` */
const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}');

/** Names of an object schema's keys (path and query parameters). */
const keysOf = (schema: z.ZodType | undefined): [string, z.ZodType, boolean][] => {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, s]) => [name, s, !s.safeParse(undefined).success]);
};

const PROBLEM = {
  description: 'RFC 9457 problem details with a machine-readable code',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail', 'code'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          code: { type: 'string' },
          instance: { type: 'string' },
          errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
        },
      },
    },
  },
};

/** The OpenAPI 3.1 document of every route in the catalog, built from the same zod schemas that validate requests. */
export function openApiDocument(catalog: RouteCatalog, info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { mount, spec } of catalog.routes) {
    const path = openApiPath(`${mount}${spec.path === '/' ? '' : spec.path}`);
    const parameters = [
      ...keysOf(spec.params).map(([name, s]) => ({ name, in: 'path', required: true, schema: jsonSchema(s, 'input') })),
      ...keysOf(spec.query).map(([name, s, required]) => ({ name, in: 'query', required, schema: jsonSchema(s, 'input') })),
      ...(spec.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required ?? false, description: h.description, schema: { type: 'string' } })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      const csv = response.alsoCsv ? { 'text/csv': { schema: { type: 'string', description: 'RFC 4180, header row' } } } : {};
      responses[status] = response.schema
        ? { description: response.description, content: { 'application/json': { schema: jsonSchema(response.schema, 'output') }, ...csv } }
        : { description: response.description };
    }
    responses.default = PROBLEM;
    paths[path] ??= {};
    paths[path][spec.method] = {
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.roles ? { 'x-roles': spec.roles } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      responses,
      security: [{ bearer: [] }, { apiKey: [] }],
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/auth/login' },
        apiKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'ApiKey <clientId>.<secret> (system clients such as the OA system)' },
      },
    },
  };
}
