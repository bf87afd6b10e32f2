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

/** Where `npm run build:portal` (Vite) writes the portal: index.html, favicon.svg and hashed files under assets/. */
export function portalDistDir(): string {
  return path.join(projectRoot(), 'portal', 'dist');
}

/** Files of the built portal that are part of the page (not its source maps' neighbours or stray files). */
const SERVED_EXTENSIONS = new Set(['', '.html', '.js', '.css', '.svg', '.png', '.ico', '.woff', '.woff2', '.ttf', '.eot']);

const onlyPageFiles: RequestHandler = (req, _res, next) => {
  if (SERVED_EXTENSIONS.has(path.extname(req.path))) next();
  else next('router');
};

/** Sets the portal's policy on the files it serves; it replaces helmet's default, which app.ts sets on every answer. */
function setPortalHeaders(res: { setHeader(name: string, value: string): unknown }): void {
  res.setHeader('Content-Security-Policy', PORTAL_CSP);
}

/**
 * The portal as Vite built it, at `/` (index.html for `/`). Only GET and HEAD of existing files
 * are answered; anything else falls through to the API's routes and its 404.
 */
export function portalRouter({ portalDir = portalDistDir() }: { portalDir?: string } = {}): Router {
  const router = Router();
  router.use(
    '/assets',
    // names carry a hash of their content: a changed file has a new name, so a year of caching is safe
    express.static(path.join(portalDir, 'assets'), { index: false, maxAge: '365d', immutable: true, setHeaders: setPortalHeaders }),
  );
  router.use(
    onlyPageFiles,
    // index.html names the current hashed files: revalidate it each time (the ETag answers 304)
    express.static(portalDir, { index: 'index.html', maxAge: 0, dotfiles: 'ignore', setHeaders: setPortalHeaders }),
  );
  return router;
}
