// Shared by scripts/desktop.mjs, scripts/dist.mjs and scripts/electron-typecheck.mjs: installs
// electron/'s own dependencies (Electron is kept out of the root install, see electron/README.md) and
// finds the Electron binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const electronDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(electronDir, '..');
const electronPkg = path.join(electronDir, 'node_modules', 'electron');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** True once `electron/node_modules` holds the electron package (its types at least). */
export function electronDepsInstalled() {
  return (
    existsSync(path.join(electronPkg, 'electron.d.ts')) &&
    existsSync(path.join(electronDir, 'node_modules', 'electron-updater'))
  );
}

/**
 * Installs electron/'s dependencies from its lockfile. `skipBinary` sets ELECTRON_SKIP_BINARY_DOWNLOAD=1
 * (types and electron-builder only; no Electron executable). Returns true on success.
 */
export function installElectronDeps({ skipBinary }) {
  const env = { ...process.env };
  if (skipBinary) env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
  else delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const verb = existsSync(path.join(electronDir, 'package-lock.json')) ? 'ci' : 'install';
  console.log(`desktop: npm ${verb} in electron/${skipBinary ? ' (ELECTRON_SKIP_BINARY_DOWNLOAD=1)' : ''}…`);
  const result = spawnSync(npm, [verb, '--no-audit', '--no-fund'], {
    cwd: electronDir,
    env,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  return result.status === 0;
}

/** Path of the Electron executable when it was downloaded, else undefined. */
export function electronBinary() {
  const pathTxt = path.join(electronPkg, 'path.txt');
  if (!existsSync(pathTxt)) return undefined;
  const binary = path.join(electronPkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/** Runs electron's own installer (downloads the binary for this OS). Returns true when the binary is there. */
export function downloadElectronBinary() {
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  console.log('desktop: downloading the Electron binary…');
  spawnSync(process.execPath, [path.join(electronPkg, 'install.js')], {
    cwd: electronPkg,
    env,
    stdio: 'inherit',
  });
  return electronBinary() !== undefined;
}
