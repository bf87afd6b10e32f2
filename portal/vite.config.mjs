// Vite builds the portal (npm run build:portal → portal/dist, served by the API) and serves it
// with live reload in development (npm run dev:portal), passing API calls to the platform.
import { defineConfig } from 'vite';

const platform = process.env.CLOSELOOP_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // bpmn-js, the properties panel and dmn-js are large by nature; they load only on the screens that draw diagrams
    chunkSizeWarningLimit: 1500,
    // maps for debugging on the server, not referenced by the bundles nor served (api/portal.router.ts)
    sourcemap: 'hidden',
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': platform, '/health': platform, '/survey': platform },
  },
});
