/**
 * The real Parley service for integration tests: real HTTP + WebSocket socket on 127.0.0.1 (an
 * ephemeral port), a temporary SQLite folder, silent logs (set `PARLEY_TEST_LOG=debug` to see them).
 *
 * `restart()` stops and starts again on the SAME data folder and the SAME port, so clients can reconnect
 * to the same URLs. `stop()` removes the data folder if this helper created it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CreateAccountResponse, SessionResponse } from '../../../common/api-types.js';
import { createJsonLogger } from '../../../server/src/logging/json-logger.js';
import { silentLogger, type LogLevel, type Logger } from '../../../common/logger.js';
import type { ParleyConfig } from '../../../server/src/config.js';
import { startService, type RunningService, type StartServiceOptions } from '../../../server/src/service.js';

export interface TestServiceOptions {
  /** Use this folder (kept on stop) instead of a fresh temporary one (removed on stop). */
  readonly dataDir?: string;
  readonly domain?: string;
  readonly noAnswerTimeoutMs?: number;
  /** Folder served as the web client (default: renderer/dist of the repository). */
  readonly webRoot?: string;
  readonly iceServers?: ParleyConfig['iceServers'];
  /** Run the voicemail agent and divert failed calls to it (default off here, on in `parseConfig`). */
  readonly voicemail?: boolean;
  /** Run the echo test agent (echo@DOMAIN; default off here, on in `parseConfig`). */
  readonly echo?: boolean;
  /** SMTP server for voicemail emails (default none: kept in the service store only). */
  readonly smtpUrl?: string;
  /** PostgreSQL instead of SQLite (`PARLEY_DATABASE_URL`); several services may share one. */
  readonly databaseUrl?: string;
  /** Plain SIP listeners (UDP/TCP on loopback, port 0 = any free one); none by default. */
  readonly sip?: Pick<ParleyConfig, 'sipUdp' | 'sipTcp'>;
  /** rtpengine's ng address (PARLEY_RTPENGINE) for calls between WebRTC and plain RTP. */
  readonly rtpengine?: ParleyConfig['rtpengine'];
  /** PSTN gateway (issue 11): `PARLEY_GATEWAY_FILE` and `PARLEY_RATES_FILE`; none by default. */
  readonly gateway?: Pick<ParleyConfig, 'gatewayFile' | 'ratesFile'>;
  /** SIP abuse limits (default: the SIP room's); load benchmarks from one address turn the per-source ones off. */
  readonly sipLimits?: ParleyConfig['sipLimits'];
  /** Where the service logs (default: silent, or stderr at `PARLEY_TEST_LOG`). */
  readonly logger?: Logger;
  /** Call recording policy (`PARLEY_RECORDING`; default off). */
  readonly recording?: ParleyConfig['recording'];
  /** Passed to `startService` (e.g. a fake SIP room). */
  readonly serviceOptions?: StartServiceOptions;
}

export interface TestAccount {
  readonly username: string;
  readonly password: string;
  readonly token: string;
}

export interface TestService {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash) */
  readonly baseUrl: string;
  /** e.g. `ws://127.0.0.1:41234/sip` */
  readonly sipUrl: string;
  readonly domain: string;
  readonly dataDir: string;
  /** The running service's pieces (store, sip, accounts); replaced by `restart()`. */
  readonly service: RunningService;
  /** Signs up (password defaults to `pw-<username>-secret`) and signs in; throws with the API error if either fails. */
  createAccount(username: string, password?: string, displayName?: string): Promise<TestAccount>;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export async function startTestService(opts: TestServiceOptions = {}): Promise<TestService> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'parley-test-')));
  const domain = opts.domain ?? 'localhost';
  const level = process.env['PARLEY_TEST_LOG'] as LogLevel | undefined;
  const logger: Logger =
    opts.logger ??
    (level === undefined
      ? silentLogger
      : createJsonLogger(level, (line) => process.stderr.write(line + '\n')));

  const configFor = (port: number): ParleyConfig => ({
    port,
    host: '127.0.0.1',
    dataDir,
    domain,
    iceServers: opts.iceServers ?? [],
    noAnswerTimeoutMs: opts.noAnswerTimeoutMs ?? 30_000,
    logLevel: level ?? 'silent',
    ...(opts.webRoot === undefined ? {} : { webRoot: opts.webRoot }),
    ...(opts.voicemail === undefined ? {} : { voicemail: opts.voicemail }),
    ...(opts.echo === undefined ? {} : { echo: opts.echo }),
    ...(opts.smtpUrl === undefined ? {} : { smtpUrl: opts.smtpUrl }),
    ...(opts.databaseUrl === undefined ? {} : { databaseUrl: opts.databaseUrl }),
    ...opts.sip,
    ...(opts.rtpengine === undefined ? {} : { rtpengine: opts.rtpengine }),
    ...opts.gateway,
    ...(opts.sipLimits === undefined ? {} : { sipLimits: opts.sipLimits }),
    ...(opts.recording === undefined ? {} : { recording: opts.recording }),
  });

  let service: RunningService | undefined = await startService(configFor(0), logger, opts.serviceOptions);
  const port = service.port;
  const baseUrl = service.url;
  const sipUrl = service.sipUrl;

  const post = async <T>(pathname: string, body: unknown): Promise<T> => {
    const res = await fetch(baseUrl + pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as T & { error?: { code: string; message: string } };
    if (!res.ok) {
      throw new Error(
        `POST ${pathname} → ${res.status} ${json.error?.code ?? ''}: ${json.error?.message ?? ''}`,
      );
    }
    return json;
  };

  const stopService = async (): Promise<void> => {
    const running = service;
    service = undefined;
    await running?.close();
    // Let this process's HTTP clients (fetch's keep-alive pool) read the FIN of the sockets just closed
    // before anyone sends again: one event-loop turn through the poll phase, not a timed wait.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  };

  return {
    baseUrl,
    sipUrl,
    domain,
    dataDir,
    get service(): RunningService {
      if (service === undefined) throw new Error('the test service is stopped');
      return service;
    },
    async createAccount(username, password = `pw-${username}-secret`, displayName) {
      const created = await post<CreateAccountResponse>('/api/accounts', {
        username,
        password,
        ...(displayName === undefined ? {} : { displayName }),
      });
      const session = await post<SessionResponse>('/api/sessions', { username: created.username, password });
      return { username: created.username, password, token: session.token };
    },
    async stop() {
      await stopService();
      if (ownDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await stopService();
      service = await startService(configFor(port), logger, opts.serviceOptions);
    },
  };
}
