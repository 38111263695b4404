/**
 * Caps and expiries of the SIP room's tables (README "Caps and expiries"): confirmed dialogs are capped
 * (a lost BYE on UDP cannot keep one for ever), a closing flow takes exactly its own bindings, and
 * nonces and expired subscriptions are forgotten by a sweep without being touched.
 */
import { describe, expect, it } from 'vitest';
import { createNonceManager } from '../../../../../server/src/sip/core/auth/nonce.js';
import { SubscriptionLimit } from '../../../../../server/src/sip/core/limits/subscription-limit.js';
import { PresenceTracker } from '../../../../../server/src/sip/core/presence/presence-tracker.js';
import { BindingStore, type Binding } from '../../../../../server/src/sip/core/registrar/binding-store.js';

describe('SIP table bounds', () => {
  it('forgets the oldest confirmed dialog past the cap, and tells its parties', () => {
    const tracker = new PresenceTracker(() => 1, 2);
    const changes: string[] = [];
    tracker.dialogConfirmed('c1', 'a', 'b', ['alice', 'bob'], ['f1', 'f2']);
    tracker.dialogConfirmed('c2', 'a', 'b', ['carol', 'dave'], ['f3', 'f4']);
    tracker.onChange((u) => changes.push(u));
    tracker.dialogConfirmed('c3', 'a', 'b', ['erin', 'frank'], ['f5', 'f6']);
    expect(tracker.dialogCount).toBe(2);
    expect(tracker.hasDialog('c1', 'a', 'b')).toBe(false);
    expect(tracker.presenceOf('alice')).toBe('online');
    expect(tracker.presenceOf('carol')).toBe('on-call');
    expect(changes.slice(0, 2)).toEqual(['alice', 'bob']);
  });

  it('removes the bindings of a closed flow and only those', () => {
    const store = new BindingStore(
      () => 0,
      () => undefined,
    );
    const b = (username: string, key: string, flowId: string): Binding => ({
      username,
      key,
      uri: `sip:${key}@x.invalid;transport=ws`,
      contact: `<sip:${key}@x.invalid;transport=ws>`,
      flowId,
      expiresAt: 60_000,
      callId: key,
      cseq: 1,
    });
    store.put(b('alice', 'a1', 'f1'));
    store.put(b('alice', 'a2', 'f2'));
    store.put(b('bob', 'b1', 'f1'));
    // Alice's a1 registers again on f3: f1 no longer holds it.
    store.put(b('alice', 'a1', 'f3'));
    expect(
      store
        .removeFlow('f1')
        .map((x) => x.key)
        .sort(),
    ).toEqual(['b1']);
    expect(store.removeFlow('f1')).toEqual([]);
    expect(store.total).toBe(2);
    expect(store.removeFlow('f3').map((x) => x.key)).toEqual(['a1']);
    expect(store.list('alice').map((x) => x.key)).toEqual(['a2']);
  });

  it('sweeps expired nonces and subscriptions nobody asks about again', () => {
    let now = 1_000_000;
    const nonces = createNonceManager({ secret: Buffer.alloc(32, 3), lifetimeMs: 1000, now: () => now });
    nonces.issue('f1');
    nonces.issue('f2');
    const subs = new SubscriptionLimit(10, () => now);
    subs.admit({ user: 'alice', callId: 'c1', fromTag: 't', event: 'presence' }, 'f1', false, 1);
    expect([nonces.size(), subs.size]).toEqual([2, 1]);
    now += 1001;
    nonces.sweep();
    subs.sweep();
    expect([nonces.size(), subs.size]).toEqual([0, 0]);
  });
});
