// Bundles the main process and the preload script into electron/out/ with esbuild (from the root
// install), and copies the icons the running app needs. Both bundles are CommonJS: a sandboxed preload
// cannot be an ES module, and electron-updater is CommonJS.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
const assets = path.join(here, '..', 'assets');

export async function buildDesktop({ minify = false } = {}) {
  await rm(out, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    minify,
    logLevel: 'warning',
    external: ['electron', 'electron-updater'],
  };
  await build({
    ...common,
    entryPoints: [path.join(here, 'src/main/main.ts')],
    outfile: path.join(out, 'main/main.cjs'),
  });
  await build({
    ...common,
    // Sandboxed preloads get a reduced `require` (electron, events, timers, url): bundle everything else.
    entryPoints: [path.join(here, 'src/preload/preload.ts')],
    outfile: path.join(out, 'preload/preload.cjs'),
  });
  await mkdir(path.join(out, 'assets'), { recursive: true });
  const icons = path.join(assets, 'icons');
  for (const name of (await readdir(icons)).filter((n) => /^tray-.*\.png$/.test(n))) {
    await copyFile(path.join(icons, name), path.join(out, 'assets', name));
  }
  await copyFile(path.join(icons, 'png', '256x256.png'), path.join(out, 'assets', 'icon-256.png'));
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildDesktop({ minify: process.argv.includes('--minify') });
  console.log(`desktop: built ${path.relative(process.cwd(), out) || out}`);
}
