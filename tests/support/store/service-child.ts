/**
 * The service as its own process for crash and fuzz tests (`kill -9`): the configuration from the
 * environment like `npm run service`, with the per-sender MESSAGE rate limit lifted so a burst is not
 * throttled. Prints the same `"tnx":"ready","url":…` line as server/src/main.ts (whatever the log level).
 *
 * Test hooks: `PARLEY_TEST_SIP_T1_MS` shortens the SIP timers (RFC 3261 §17: T1, T2 = 8·T1, T4 = 10·T1)
 * so transactions end in seconds; when spawned with an IPC channel (child-service.ts `ipc`), it answers
 * `stats` (memory after a GC when `--expose-gc`, SIP table sizes) and `voicemail` (a voicemail through
 * the outbox, as the voicemail agent stores one; the reply is sent once it is durable).
 */
import { createJsonLogger } from '../../../server/src/logging/json-logger.js';
import { introspectOnSignal } from '../../../server/src/introspection.js';
import { startService } from '../../../server/src/service.js';
import { createSipService } from '../../../server/src/sip/sip-service.js';
import { configOrExit } from '../../../server/src/start-up.js';
import type { ChildRequest, ChildReply } from './child-ipc.js';

const config = configOrExit();
const logger = createJsonLogger(config.logLevel);
const t1 = Number(process.env['PARLEY_TEST_SIP_T1_MS'] ?? 0);
const service = await startService(config, logger, {
  messagingRateLimit: { burst: 1_000_000, perSecond: 1_000_000 },
  ...(t1 > 0
    ? { createSip: (o) => createSipService({ ...o, timers: { t1, t2: 8 * t1, t4: 10 * t1 } }) }
    : {}),
});
process.stdout.write(JSON.stringify({ tnx: 'ready', url: service.url, sipUrl: service.sipUrl }) + '\n');
introspectOnSignal(service);

const reply = (r: ChildReply): void => void process.send?.(r);
process.on('message', (m: ChildRequest) => {
  if (m.type === 'stats') {
    (globalThis as { gc?: () => void }).gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    const tables = service.sip.tableSizes?.(m.usernames);
    const listeners = service.sip.listeners.map((l) => ({ protocol: l.protocol, port: l.port }));
    reply({ type: 'stats', id: m.id, heapUsed, rss, listeners, ...(tables ? { tables } : {}) });
  } else {
    service.voicemail.outbox
      .enqueue({
        to: `${m.callee}@mail.invalid`,
        callee: m.callee,
        callerName: m.caller,
        callerUri: `sip:${m.caller}@${config.domain}`,
        startedAt: Date.now(),
        durationMs: 1000,
        audio: Buffer.from(`OggS fake audio ${m.id}`),
      })
      .then(
        (outboxId) => reply({ type: 'voicemail', id: m.id, outboxId }),
        (error: unknown) => reply({ type: 'voicemail', id: m.id, error: String(error) }),
      );
  }
});
