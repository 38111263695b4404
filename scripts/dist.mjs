// `npm run dist`: builds the Parley installers for the current OS with electron-builder
// (electron-builder.yml): Linux AppImage + deb, Windows NSIS, macOS dmg. Output: electron/dist/.
//
// electron-builder downloads the Electron release for the target OS (and, per target, tools such as
// NSIS, appimagetool or fpm) from GitHub. Where that is impossible this script says so plainly.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  electronDepsInstalled,
  electronDir,
  installElectronDeps,
  repoRoot,
} from '../electron/scripts/electron-deps.mjs';
import { buildDesktop } from '../electron/build.mjs';

const platformFlag = { darwin: '--mac', win32: '--win', linux: '--linux' }[process.platform];
if (!platformFlag) {
  console.error(`dist: no installer target for ${process.platform} (supported: Linux, Windows, macOS).`);
  process.exit(1);
}

// Packaging needs electron-builder, not the Electron executable of this machine.
if (!electronDepsInstalled() && !installElectronDeps({ skipBinary: true })) process.exit(1);
await buildDesktop({ minify: true });

const builder = path.join(electronDir, 'node_modules', 'electron-builder', 'cli.js');
const args = [
  builder,
  platformFlag,
  '--projectDir',
  electronDir,
  '--config',
  path.join(repoRoot, 'electron-builder.yml'),
  '--publish',
  'never',
  ...process.argv.slice(2),
];
console.log(`dist: electron-builder ${platformFlag}…`);
const result = spawnSync(process.execPath, args, {
  cwd: repoRoot,
  encoding: 'utf8',
  stdio: ['inherit', 'pipe', 'pipe'],
});
process.stdout.write(result.stdout ?? '');
process.stderr.write(result.stderr ?? '');
if (result.status === 0) {
  console.log(`dist: installers are in ${path.relative(process.cwd(), path.join(electronDir, 'dist'))}/`);
  process.exit(0);
}
const output = `${result.stdout}\n${result.stderr}`;
if (
  /ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET|getaddrinfo|fetch failed|github\.com|unable to download|download/i.test(
    output,
  )
) {
  console.error(
    [
      '',
      'dist: electron-builder could not download what it needs (the Electron release for this OS, and',
      '  packaging tools such as appimagetool / fpm / NSIS) — this machine cannot reach GitHub.',
      '  Run `npm run dist` on a machine with internet access, or point ELECTRON_MIRROR and',
      '  ELECTRON_BUILDER_BINARIES_MIRROR at a mirror you trust. Nothing was built.',
      '',
    ].join('\n'),
  );
}
process.exit(result.status ?? 1);
