import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { bundledLicenses } from './build/bundled-licenses.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The service (npm run service) listens here by default; the dev server forwards the API and SIP to it. */
const SERVICE = process.env.PARLEY_SERVICE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  // licenses.json: the bundled packages' names, versions and licences, for the About dialog.
  plugins: [react(), bundledLicenses(fileURLToPath(new URL('../package.json', import.meta.url)))],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: SERVICE, changeOrigin: false },
      '/sip': { target: SERVICE.replace(/^http/, 'ws'), ws: true },
    },
  },
});
