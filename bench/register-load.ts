/**
 * REGISTER/s the real Parley service sustains with digest authentication (issue 2, "Numbers to report"):
 * the real service (`startTestService`: HTTP + SIP on one port, SQLite account store, HA1 lookups from
 * the store, not in-memory secrets), N real accounts created through the HTTP API, then full digest
 * exchanges over WebSocket (REGISTER → 401 → REGISTER with Authorization → 200) as fast as a window of
 * outstanding requests per socket allows.
 *
 *   npx tsx bench/register-load.ts [seconds=5] [sockets=4] [window=16] [accounts=50]
 */
import { runRegisterLoad } from '../tests/support/sip/register-load.js';
import { startTestService } from '../tests/support/service/test-service.js';

const [seconds = 5, sockets = 4, window = 16, accountCount = 50] = process.argv.slice(2).map(Number);

async function main(): Promise<void> {
  // One load generator on one address: per-source limits would ban it (they are for floods, not benchmarks).
  const service = await startTestService({ sipLimits: { sourceLimits: false } });
  try {
    const users = [];
    for (let i = 0; i < accountCount; i++) {
      const password = `load-password-${i}`;
      const account = await service.createAccount(`load${i}`, password);
      users.push({ username: account.username, password });
    }
    // A short warm-up (JIT, SQLite page cache), then the measured run.
    await runRegisterLoad(1, sockets, window, { url: service.sipUrl, domain: service.domain, users });
    const result = await runRegisterLoad(seconds, sockets, window, {
      url: service.sipUrl,
      domain: service.domain,
      users,
    });
    console.log(
      `REGISTER with digest against the real service: ${result.perSecond} registrations/s ` +
        `(${result.registrations} in ${result.seconds.toFixed(1)} s; ${sockets} sockets × ${window} outstanding; ` +
        `${accountCount} accounts; each = 2 round trips: 401 challenge, then 200)`,
    );
    console.log(JSON.stringify({ bench: 'register-load', ...result, accounts: accountCount }));
  } finally {
    await service.stop();
  }
}

await main();
