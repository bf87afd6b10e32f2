import type { Request, RequestHandler, Response, Router } from 'express';
import { type z } from 'zod';
import type { Role } from '../domain/identity/principal';
import { requireRole } from './auth/authenticate';
import { requireJsonBody } from './validate';

/** One endpoint: its zod schemas validate requests and also write the OpenAPI document. */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path relative to the router's mount point, e.g. `/:id/accept`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** Roles that may call it at all; department and ownership checks come after, in the services. */
  readonly roles?: readonly Role[];
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Extra request headers worth documenting (e.g. Idempotency-Key). */
  readonly headers?: readonly { name: string; description: string; required?: boolean }[];
  /** `alsoCsv`: the endpoint also answers `text/csv` (a `format=csv` query). */
  readonly responses: Readonly<Record<number, { description: string; schema?: z.ZodType; alsoCsv?: boolean }>>;
}

/** The parsed parts of a request, typed by the spec's schemas. */
export interface Parsed<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly req: Request;
  readonly res: Response;
}

/** Routes registered so far, with their mount points, for the OpenAPI document. */
export class RouteCatalog {
  readonly routes: { mount: string; spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType> }[] = [];

  /**
   * Adds the route to `router`: role check, then `{ params, query, body }` parsed with the
   * spec's schemas (a ZodError becomes 400 VALIDATION_FAILED), then the handler.
   */
  add<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(
    router: Router,
    mount: string,
    spec: RouteSpec<P, Q, B>,
    handler: (parsed: Parsed<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<void>,
  ): void {
    this.routes.push({ mount, spec: spec });
    const chain: RequestHandler[] = [];
    if (spec.roles) chain.push(requireRole(...spec.roles));
    if (spec.body) chain.push(requireJsonBody);
    chain.push(async (req, res) => {
      await handler({
        params: (spec.params ? spec.params.parse(req.params) : undefined) as z.infer<P>,
        query: (spec.query ? spec.query.parse(req.query) : undefined) as z.infer<Q>,
        body: (spec.body ? spec.body.parse(req.body) : undefined) as z.infer<B>,
        req,
        res,
      });
    });
    router[spec.method](spec.path, ...chain);
  }
}
