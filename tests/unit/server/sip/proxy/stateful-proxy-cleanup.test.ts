/**
 * The stateful proxy forgets every transaction once it is over (RFC 3261 §17.2.1 Timer J/H-like
 * cleanup), including calls whose caller's flow closed while the callee was still ringing: a
 * client that opens calls and drops its connection must not grow the proxy's maps for ever.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../../../common/logger.js';
import type { Authenticator } from '../../../../../server/src/sip/core/auth/authenticator.js';
import { PresenceTracker } from '../../../../../server/src/sip/core/presence/presence-tracker.js';
import { createFlowTokenCodec } from '../../../../../server/src/sip/proxy/flow-token.js';
import { StatefulProxy } from '../../../../../server/src/sip/proxy/stateful-proxy.js';
import { BindingStore } from '../../../../../server/src/sip/core/registrar/binding-store.js';
import { Registrar } from '../../../../../server/src/sip/core/registrar/registrar.js';
import { createRequestPipeline } from '../../../../../server/src/sip/core/request-pipeline.js';
import { SipCore } from '../../../../../server/src/sip/core/sip-core.js';
import { TransactionLayer } from '../../../../../server/src/sip/transaction/transaction-layer.js';
import type { Flow } from '../../../../../server/src/sip/transport/flow.js';
import { buildRequest, readFrame, type RawFrame } from '../../../../support/sip/raw-sip-client.js';

const DOMAIN = 'parley.test';
const TIMEOUT_MS = 1000;

interface FakeFlow extends Flow {
  readonly sent: RawFrame[];
}

function fakeFlow(id: string): FakeFlow {
  const sent: RawFrame[] = [];
  return {
    id,
    transport: 'WS',
    remote: { address: '127.0.0.1', port: 1 },
    sent,
    send: (text) => {
      sent.push(readFrame(text));
      return true;
    },
    close: () => undefined,
  };
}

/** A UAS answer to a request it received (§8.2.6): same Via, From, To (+ tag), Call-ID, CSeq. */
function answer(req: RawFrame, status: number, reason: string): string {
  return [
    `SIP/2.0 ${status} ${reason}`,
    ...req.headers('Via').map((v) => `Via: ${v}`),
    `From: ${req.header('From')}`,
    `To: ${req.header('To')};tag=callee1`,
    `Call-ID: ${req.header('Call-ID')}`,
    `CSeq: ${req.header('CSeq')}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function harness() {
  const store = new BindingStore(Date.now, () => undefined);
  const presence = new PresenceTracker(() => 0);
  const auth: Authenticator = {
    challengeHeaders: () => [],
    authenticate: async () => ({ ok: true, username: 'alice' }),
  };
  const transactions = new TransactionLayer({ t1: TIMEOUT_MS / 64, t2: 4000, t4: 5000 });
  const core: SipCore = new SipCore({
    logger: silentLogger,
    maxMessageBytes: 65_536,
    transactions,
    pipeline: () => pipeline,
    onFlowClosed: (flow) => proxy.onFlowClosed(flow.id),
  });
  const proxy = new StatefulProxy({
    domain: DOMAIN,
    logger: silentLogger,
    flow: (id) => core.flows.get(id),
    tokens: createFlowTokenCodec(DOMAIN, Buffer.alloc(32, 1)),
    facts: {
      domain: DOMAIN,
      flowAlive: (id) => core.flows.has(id),
      userExists: async (u) => u === 'alice' || u === 'bob',
      bindings: (u) => (u === 'bob' ? [{ flowId: 'bobflow', uri: 'sip:b@x.invalid;transport=ws' }] : []),
      bindingByUri: () => undefined,
    },
    presence,
    transactions,
    noAnswerTimeoutMs: 30_000,
    lingerMs: TIMEOUT_MS,
    cancelGuardMs: 200,
  });
  const pipeline = createRequestPipeline({
    domain: DOMAIN,
    logger: silentLogger,
    auth,
    registrar: new Registrar({ domain: DOMAIN, store, now: Date.now }),
    router: () => proxy,
    isLocal: (host) => host === DOMAIN,
  });
  const alice = fakeFlow('aliceflow');
  const bob = fakeFlow('bobflow');
  core.onFlowOpen(alice);
  core.onFlowOpen(bob);
  return { core, proxy, transactions, alice, bob };
}

/** The core runs the (asynchronous) hooks between receiving a request and forwarding it. */
const settle = () => vi.advanceTimersByTimeAsync(0);

const invite = (): string =>
  buildRequest({
    method: 'INVITE',
    ruri: `sip:bob@${DOMAIN}`,
    from: `sip:alice@${DOMAIN}`,
    to: `sip:bob@${DOMAIN}`,
    headers: ['Contact: <sip:a@y.invalid;transport=ws>'],
  });

describe('stateful proxy transaction cleanup', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('forgets a finished call (baseline: 486 from the callee)', async () => {
    const { core, proxy, transactions, alice, bob } = harness();
    core.onFlowMessage(alice, invite());
    await settle();
    const forwarded = bob.sent.find((f) => f.method === 'INVITE')!;
    core.onFlowMessage(bob, answer(forwarded, 486, 'Busy Here'));
    await settle();
    expect(alice.sent.map((f) => f.status)).toContain(486);
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS * 3);
    expect(proxy.stats).toEqual({ servers: 0, branches: 0 });
    expect(transactions.counts()).toEqual({ servers: 0, clients: 0 });
  });

  it('forgets a ringing call whose caller disconnected', async () => {
    const { core, proxy, transactions, alice, bob } = harness();
    core.onFlowMessage(alice, invite());
    await settle();
    const forwarded = bob.sent.find((f) => f.method === 'INVITE')!;
    core.onFlowMessage(bob, answer(forwarded, 180, 'Ringing'));
    await settle();
    expect(proxy.stats).toEqual({ servers: 1, branches: 1 });

    core.onFlowClose(alice);
    // The proxy cancels the callee's ringing branch; the callee ends it with 487.
    expect(bob.sent.some((f) => f.method === 'CANCEL')).toBe(true);
    core.onFlowMessage(bob, answer(forwarded, 487, 'Request Terminated'));

    await vi.advanceTimersByTimeAsync(TIMEOUT_MS * 3);
    expect(proxy.stats).toEqual({ servers: 0, branches: 0 });
    expect(transactions.counts()).toEqual({ servers: 0, clients: 0 });
  });

  it('forgets a call whose caller disconnected before the callee said anything', async () => {
    const { core, proxy, transactions, alice } = harness();
    core.onFlowMessage(alice, invite());
    await settle();
    core.onFlowClose(alice);
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS * 3);
    expect(proxy.stats).toEqual({ servers: 0, branches: 0 });
    expect(transactions.counts()).toEqual({ servers: 0, clients: 0 });
  });

  it('keeps each finished INVITE context its own linger time (one timer serves them in turn)', async () => {
    const { core, proxy, alice, bob } = harness();
    const busy = async (): Promise<void> => {
      core.onFlowMessage(alice, invite());
      await settle();
      const forwarded = bob.sent.filter((f) => f.method === 'INVITE').at(-1)!;
      core.onFlowMessage(bob, answer(forwarded, 486, 'Busy Here'));
      await settle();
    };
    await busy();
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS / 2);
    await busy();
    expect(proxy.lingering).toBe(2);
    // The first goes a linger time after it ended, the second half a linger time later.
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS / 2 + 10);
    expect(proxy.lingering).toBe(1);
    expect(proxy.stats.servers).toBe(1);
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS / 2);
    expect(proxy.lingering).toBe(0);
    expect(proxy.stats).toEqual({ servers: 0, branches: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });
});
