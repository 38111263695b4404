/**
 * A short soak (issue 14 item 6; `npm run soak` is the 10-minute one): 200 registered users, 10
 * concurrent calls through the proxy replaced continuously, steady MESSAGEs, for ~20 s against the
 * service in its own process; no error, completed non-INVITE transactions gone at once over WebSocket
 * (RFC 3261 §17.2.2, §17.1.2.2), and every table and timer back to its start once everyone hung up and
 * left (server/src/introspection.ts, read with SIGUSR2).
 */
import { describe, expect, it } from 'vitest';
import { runSoak, type SoakResult } from '../../support/soak/soak-run.js';

describe('soak, short', () => {
  it('200 users, 10 calls and messaging for 20 s: no error, nothing lingers, tables and timers back', async () => {
    const result: SoakResult = await runSoak({
      users: 200,
      calls: 10,
      seconds: 20,
      messagesPerSecond: 10,
      holdMs: [500, 1500],
      sampleSeconds: 5,
      settleMs: 30_000,
      // 64·T1 = 12.8 s: INVITE contexts (kept for late 2xx) leave within the settle time, Timer B/F do not
      // fire on a loaded machine, and a non-INVITE transaction kept 64·T1 on WebSocket would outlive the
      // tail probe's 2 s.
      t1Ms: 200,
    });
    expect(result.problems).toEqual([]);
    expect(result.errors).toBe(0);
    expect(result.callsCompleted).toBeGreaterThan(20);
    expect(result.messagesSent).toBeGreaterThan(100);
    expect(result.tailLeftovers).toEqual([]);
    expect(result.leftovers).toEqual([]);
    // With every connection gone, the SIP tables hold what the service's own agents hold.
    expect(result.end.sip).toMatchObject({
      serverTransactions: 0,
      clientTransactions: 0,
      transactionTimers: 0,
      proxyContexts: 0,
      proxyLingering: 0,
      dialogs: 0,
      ringing: 0,
      bindings: result.start.sip.bindings,
      flows: result.start.sip.flows,
    });
  }, 300_000);
});
