/**
 * `npm start` (after `npm run build:web`): runs the Parley service in this process, then opens the
 * desktop window where an Electron binary is installed, or prints the web address otherwise.
 * Closing the desktop window stops the service; SIGINT/SIGTERM stop both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJsonLogger } from '../server/src/logging/json-logger.js';
import { ensureLocalRtpengine } from '../server/src/media-relay/local-rtpengine.js';
import { startService, type RunningService } from '../server/src/service.js';
import { configOrExit, exitWith } from '../server/src/start-up.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** `electron/node_modules/electron/path.txt` names the binary under `dist/` once it was downloaded. */
function electronBinary(root: string = repoRoot): string | undefined {
  const pkg = path.join(root, 'electron', 'node_modules', 'electron');
  try {
    const relative = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
    if (relative === '') return undefined;
    const binary = path.join(pkg, 'dist', relative);
    return fs.statSync(binary).isFile() ? binary : undefined;
  } catch {
    return undefined;
  }
}

const parsed = configOrExit();
// Calls between browsers and plain SIP phones need rtpengine (issue 10); start a local one if we can.
const rtpengine = await ensureLocalRtpengine(parsed.rtpengine);
process.stdout.write(`${rtpengine.note}\n`);
// No rtpengine to talk to: no relay, so such calls get an immediate 488 that says what to install.
const { rtpengine: _unused, ...withoutRelay } = parsed;
const config = rtpengine.kind === 'missing' || rtpengine.kind === 'failed' ? withoutRelay : parsed;
const stopRtpengine = async (): Promise<void> => {
  if (rtpengine.kind === 'started') await rtpengine.process.stop();
};
// The person at the terminal wants the address, not every request: warnings and up unless asked.
const logger = createJsonLogger(process.env['PARLEY_LOG_LEVEL'] === undefined ? 'warn' : config.logLevel);

let service: RunningService;
try {
  service = await startService(config, logger);
} catch (error) {
  const code = (error as { code?: string }).code;
  await stopRtpengine();
  if (code === 'EADDRINUSE')
    exitWith(`cannot listen on ${config.host}:${config.port}: the port is in use (set PORT)`);
  exitWith(`cannot start: ${(error as Error).message.split('\n')[0]}`);
}

let desktop: ChildProcess | undefined;
let stopping = false;
const stop = async (code: number): Promise<never> => {
  if (!stopping) {
    stopping = true;
    if (desktop !== undefined && desktop.exitCode === null) desktop.kill('SIGTERM');
    await service.close();
    await stopRtpengine();
  }
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

if (electronBinary() !== undefined) {
  process.stdout.write(`Parley is running at ${service.url} — opening the desktop window.\n`);
  desktop = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'desktop.mjs'), '--url', service.url], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  desktop.on('error', (error) => {
    process.stderr.write(`parley: could not start the desktop window: ${error.message}\n`);
    process.stdout.write(`Parley is still running at ${service.url} — open it in Chromium/Chrome/Firefox.\n`);
  });
  desktop.on('exit', () => void stop(0));
} else {
  process.stdout.write(
    `Parley is running at ${service.url} — open it in Chromium/Chrome/Firefox. ` +
      '(No Electron binary installed: run `npm run desktop` on a machine that can download Electron.)\n' +
      'Press Ctrl+C to stop.\n',
  );
}
