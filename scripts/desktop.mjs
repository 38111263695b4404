// `npm run desktop [-- --url URL] [-- electron args]`: opens the Parley desktop window.
//
// 1. installs electron/'s dependencies if missing (Electron lives in its own package, not in the root
//    install) and makes sure the Electron binary for this OS is downloaded;
// 2. bundles the main process and preload (electron/build.mjs, esbuild);
// 3. points the window at --url (default http://127.0.0.1:8080). Without --url, a service already
//    answering there is used; otherwise this script builds the web client if needed and starts the
//    service itself, and stops it when the window closes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  downloadElectronBinary,
  electronBinary,
  electronDepsInstalled,
  electronDir,
  installElectronDeps,
  repoRoot,
} from '../electron/scripts/electron-deps.mjs';
import { buildDesktop } from '../electron/build.mjs';

const DEFAULT_URL = 'http://127.0.0.1:8080';
const argv = process.argv.slice(2);
let url;
const passThrough = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--url') url = argv[++i];
  else if (argv[i].startsWith('--url=')) url = argv[i].slice(6);
  else passThrough.push(argv[i]);
}

function explainNoBinary() {
  console.error(
    [
      '',
      'desktop: the Electron binary is not available on this machine.',
      '  Electron downloads its executable from GitHub (or ELECTRON_MIRROR) when electron/ is installed,',
      '  and that download failed or is blocked here. On a desktop with internet access,',
      '  `npm run desktop` installs it by itself. The web client works in any browser meanwhile:',
      `  run \`npm start\` (or \`npm run service\`) and open ${url ?? DEFAULT_URL}.`,
      '',
    ].join('\n'),
  );
}

// ── 1. Electron ──
if (!electronDepsInstalled() && !installElectronDeps({ skipBinary: false })) {
  // The usual cause is the binary download: install the rest so types and packaging still work.
  installElectronDeps({ skipBinary: true });
}
let binary = electronBinary();
if (!binary && electronDepsInstalled() && downloadElectronBinary()) binary = electronBinary();
if (!binary) {
  explainNoBinary();
  process.exit(1);
}

// ── 2. main + preload ──
await buildDesktop();

// ── 3. the service ──
async function answers(base) {
  try {
    const response = await fetch(new URL('/api/config', base), { signal: AbortSignal.timeout(1500) });
    return response.ok;
  } catch {
    return false;
  }
}

let service;
if (!url) {
  url = DEFAULT_URL;
  if (!(await answers(url))) {
    if (!existsSync(path.join(repoRoot, 'renderer', 'dist', 'index.html'))) {
      console.log('desktop: building the web client…');
      const built = spawnSync('npm', ['run', 'build:web'], {
        cwd: repoRoot,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
      if (built.status !== 0) process.exit(built.status ?? 1);
    }
    console.log(`desktop: starting the Parley service on ${url}…`);
    const tsx = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    service = spawn(process.execPath, [tsx, path.join(repoRoot, 'server', 'src', 'main.ts')], {
      cwd: repoRoot,
      env: { ...process.env, PORT: new URL(url).port || '8080', HOST: '127.0.0.1' },
      stdio: 'inherit',
    });
    const deadline = Date.now() + 30_000;
    while (!(await answers(url))) {
      if (service.exitCode !== null || Date.now() > deadline) {
        console.error('desktop: the service did not start (see its output above).');
        service.kill('SIGTERM');
        process.exit(1);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// ── 4. the window ──
if (process.platform === 'linux' && process.getuid?.() === 0 && !passThrough.includes('--no-sandbox')) {
  console.warn(
    'desktop: running as root — Chromium refuses to start without `-- --no-sandbox` in that case.',
  );
}
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
console.log(`desktop: opening Parley on ${url}`);
const app = spawn(binary, [electronDir, '--url', url, ...passThrough], {
  cwd: electronDir,
  env,
  stdio: 'inherit',
});
const stop = (code) => {
  if (service && service.exitCode === null) service.kill('SIGTERM');
  process.exit(code);
};
app.on('exit', (code) => stop(code ?? 0));
app.on('error', (error) => {
  console.error(`desktop: could not start Electron: ${error.message}`);
  stop(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
