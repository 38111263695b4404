/**
 * A real HTTP server on 127.0.0.1:0 with the SIP service attached at /sip — what the SIP
 * integration tests talk to (no accounts store: users live in `secrets`). Plain SIP listeners
 * (`listeners`, port 0) are bound too; `udp`/`tcp`/`tls` give their ports.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJsonLogger } from '../../../server/src/logging/json-logger.js';
import { silentLogger, type Logger, type LogLevel } from '../../../common/logger.js';
import { createSipService } from '../../../server/src/sip/sip-service.js';
import type { SipService, SipServiceOptions } from '../../../server/src/sip/sip-service-contract.js';
import { createMemorySecrets, type MemorySecrets } from './memory-secrets.js';

export interface SipTestServer {
  readonly url: string;
  readonly domain: string;
  readonly secrets: MemorySecrets;
  readonly service: SipService;
  readonly http: Server;
  /** Port of the first bound listener of each protocol (when asked for in `listeners`). */
  port(protocol: 'udp' | 'tcp' | 'tls'): number;
  close(): Promise<void>;
}

export async function startSipTestServer(
  options: Partial<Omit<SipServiceOptions, 'secrets'>> & { logger?: Logger } = {},
): Promise<SipTestServer> {
  const domain = options.domain ?? 'parley.test';
  const secrets = createMemorySecrets(domain);
  // PARLEY_TEST_LOG=debug shows the SIP room's log on stderr.
  const level = process.env['PARLEY_TEST_LOG'] as LogLevel | undefined;
  const logger =
    options.logger ??
    (level ? createJsonLogger(level, (line) => process.stderr.write(line + '\n')) : silentLogger);
  const service = createSipService({ ...options, domain, secrets, logger });
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  service.attach(http, '/sip');
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  await service.listen();
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/sip`,
    domain,
    secrets,
    service,
    http,
    port(protocol) {
      const l = service.listeners.find((x) => x.protocol === protocol);
      if (!l) throw new Error(`no ${protocol} listener`);
      return l.port;
    },
    async close() {
      await service.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
