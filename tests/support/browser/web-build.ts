/**
 * The e2e tests load the built client from the service (`renderer/dist`). `npm run test:e2e` builds it
 * first; when run directly with vitest and nothing is built yet, build once here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export function ensureWebBuild(): void {
  if (existsSync(path.resolve('renderer/dist/index.html'))) return;
  execFileSync(
    process.execPath,
    [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'],
    {
      stdio: 'inherit',
    },
  );
}
