// `npm run typecheck` (second half): type-checks electron/ (main + preload) against the real
// `electron.d.ts`. electron/ has its own package.json (Electron is not a root dependency: its install
// downloads a binary, which fails on machines without GitHub access), so its dependencies are installed
// here when missing — with ELECTRON_SKIP_BINARY_DOWNLOAD=1, since types need no binary.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  electronDepsInstalled,
  electronDir,
  installElectronDeps,
  repoRoot,
} from '../electron/scripts/electron-deps.mjs';

if (!electronDepsInstalled() && !installElectronDeps({ skipBinary: true })) {
  console.error('electron-typecheck: could not install electron/ dependencies (see npm output above).');
  process.exit(1);
}
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const result = spawnSync(process.execPath, [tsc, '-p', path.join(electronDir, 'tsconfig.json'), '--noEmit'], {
  stdio: 'inherit',
});
if (result.status === 0)
  console.log('electron-typecheck: electron/ main + preload type-check against the real electron types.');
process.exit(result.status ?? 1);
