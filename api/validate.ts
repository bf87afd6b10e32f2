import type { RequestHandler } from 'express';
import { HttpProblem } from './problem';

/** Requests that carry a body must say it is JSON; anything else is refused before parsing. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    next(new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be JSON', 'send Content-Type: application/json'));
    return;
  }
  next();
};
