import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { projectRoot } from '../runtime/paths';

/**
 * What the portal's pages may load. Scripts only from this origin (no inline script, no eval);
 * styles from here plus inline style attributes, which bpmn-js sets on the diagram's SVG;
 * images from here and data: URLs (bpmn-js CSS embeds its icons as data: SVG); fetch only to
 * this origin. No `upgrade-insecure-requests`: the local API is plain HTTP on 127.0.0.1.
 */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Where bpmn-js keeps its browser bundles (viewer, modeler) and their CSS (`assets/`). */
function bpmnJsDist(): string {
  // bpmn-js declares no `exports`, so its files resolve by path
  return path.dirname(require.resolve('bpmn-js/dist/bpmn-navigated-viewer.production.min.js'));
}

/** Files of portal/ that are part of the page; its tsconfig.json and notes are not served. */
const SERVED_EXTENSIONS = new Set(['', '.html', '.js', '.css', '.svg', '.png', '.ico']);

const onlyPageFiles: RequestHandler = (req, _res, next) => {
  if (SERVED_EXTENSIONS.has(path.extname(req.path))) next();
  else next('router');
};

/** Sets the portal's policy on the files it serves; it replaces helmet's default, which app.ts sets on every answer. */
function setPortalHeaders(res: { setHeader(name: string, value: string): unknown }): void {
  res.setHeader('Content-Security-Policy', PORTAL_CSP);
}

/**
 * The handlers' portal: the static pages of portal/ at `/` (index.html for `/`) and the
 * bpmn-js bundles under `/vendor/bpmn-js/`. Only GET and HEAD of existing files are answered;
 * anything else falls through to the API's routes and its 404.
 */
export function portalRouter({ portalDir = path.join(projectRoot(), 'portal') }: { portalDir?: string } = {}): Router {
  const router = Router();
  router.use(
    '/vendor/bpmn-js',
    // the bundles change only with package-lock.json: an hour of caching, then revalidation
    express.static(bpmnJsDist(), { index: false, maxAge: '1h', setHeaders: setPortalHeaders }),
  );
  router.use(
    onlyPageFiles,
    // pages change with every deploy and are small: revalidate each time (the ETag answers 304)
    express.static(portalDir, { index: 'index.html', maxAge: 0, dotfiles: 'ignore', setHeaders: setPortalHeaders }),
  );
  return router;
}
