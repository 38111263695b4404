import { describe, expect, it } from 'vitest';
import { parseUri } from '../../../../../../server/src/sip/message/fast-grammar.js';
import type { ParsedRequest } from '../../../../../../server/src/sip/message/parse-message.js';
import { BindingStore } from '../../../../../../server/src/sip/core/registrar/binding-store.js';
import { Registrar } from '../../../../../../server/src/sip/core/registrar/registrar.js';
import { sipUriEquals } from '../../../../../../server/src/sip/message/sip-uri-equality.js';
import { registerRequest } from '../../../../../support/sip/register-request.js';

function register(
  user: string,
  contact: string,
  o: { callId?: string; expires?: number } = {},
): ParsedRequest {
  return registerRequest([contact], { user, callId: o.callId ?? `reg-${user}`, expires: o.expires ?? 600 });
}

function setup() {
  let now = 1_000_000;
  const store = new BindingStore(
    () => now,
    () => undefined,
  );
  const registrar = new Registrar({ domain: 'parley.test', store, now: () => now });
  return { store, registrar, advance: (ms: number) => (now += ms) };
}

const uri = (text: string) => {
  const u = parseUri(text);
  if (!u) throw new Error(`bad uri ${text}`);
  return u;
};

describe('SIP URI equality (RFC 3261 §19.1.4)', () => {
  it('follows the RFC examples and rules', () => {
    // §19.1.4 equal pairs.
    expect(
      sipUriEquals(uri('sip:%61lice@atlanta.com;transport=TCP'), uri('sip:alice@AtLanTa.CoM;Transport=tcp')),
    ).toBe(true);
    expect(sipUriEquals(uri('sip:carol@chicago.com'), uri('sip:carol@chicago.com;newparam=5'))).toBe(true);
    expect(
      sipUriEquals(uri('sip:carol@chicago.com;security=on'), uri('sip:carol@chicago.com;newparam=5')),
    ).toBe(true);
    // §19.1.4 unequal pairs.
    expect(
      sipUriEquals(uri('SIP:ALICE@AtLanTa.CoM;Transport=udp'), uri('sip:alice@AtLanTa.CoM;Transport=UDP')),
    ).toBe(false);
    expect(sipUriEquals(uri('sip:bob@biloxi.com'), uri('sip:bob@biloxi.com:5060'))).toBe(false);
    expect(sipUriEquals(uri('sip:bob@biloxi.com'), uri('sip:bob@biloxi.com;transport=udp'))).toBe(false);
    expect(
      sipUriEquals(uri('sip:carol@chicago.com'), uri('sip:carol@chicago.com?Subject=next%20meeting')),
    ).toBe(false);
    expect(sipUriEquals(uri('sip:a@x.invalid'), uri('sips:a@x.invalid'))).toBe(false);
    expect(sipUriEquals(uri('sip:a@x.invalid;foo=1'), uri('sip:a@x.invalid;foo=2'))).toBe(false);
  });
});

describe('registrar: a Contact URI belongs to one user', () => {
  it("refuses with 403 a REGISTER whose contact equals another user's live binding, and binds nothing", () => {
    const { store, registrar } = setup();
    expect(
      registrar.register(register('alice', '<sip:dev1@x.invalid;transport=ws>'), 'f1', 'alice').status,
    ).toBe(200);

    // Exact copy, and spellings equal under §19.1.4 (host case, escaped user, extra parameter).
    for (const contact of [
      '<sip:dev1@x.invalid;transport=ws>',
      '<sip:dev1@X.INVALID;transport=WS>;expires=300',
      '<sip:%64ev1@x.invalid;transport=ws;ob>',
    ]) {
      const res = registrar.register(register('mallory', contact), 'f2', 'mallory');
      expect(res.status).toBe(403);
      expect('reason' in res && res.reason).toMatch(/another user/i);
    }
    expect(store.list('mallory')).toEqual([]);
    expect(store.findByUri('sip:dev1@x.invalid;transport=ws')?.username).toBe('alice');
  });

  it('still lets a user refresh their own contact, bind a different one, and take a contact once it is gone', () => {
    const { store, registrar, advance } = setup();
    const contact = '<sip:dev1@x.invalid;transport=ws>';
    expect(registrar.register(register('alice', contact, { expires: 60 }), 'f1', 'alice').status).toBe(200);
    // Same user, another device with the same contact (e.g. a second flow): allowed.
    expect(registrar.register(register('alice', contact, { callId: 'r2' }), 'f3', 'alice').status).toBe(200);
    // Different user part: not equal.
    expect(
      registrar.register(register('mallory', '<sip:dev2@x.invalid;transport=ws>'), 'f2', 'mallory').status,
    ).toBe(200);
    // Removing a binding (expires=0) with someone else's contact is not a hijack.
    expect(
      registrar.register(register('mallory', contact, { callId: 'r3', expires: 0 }), 'f2', 'mallory').status,
    ).toBe(200);
    // Once alice's binding is gone (flow closed), the contact is free.
    store.removeFlow('f1');
    store.removeFlow('f3');
    advance(1000);
    expect(registrar.register(register('mallory', contact, { callId: 'r4' }), 'f2', 'mallory').status).toBe(
      200,
    );
  });

  it('frees a contact when its binding expires, is unregistered, or is replaced by another contact', () => {
    const { registrar, advance } = setup();
    const take = (user: string, contact: string, callId: string) =>
      registrar.register(register(user, contact, { callId }), `flow-${user}`, user).status;

    // Expiry.
    expect(
      registrar.register(register('alice', '<sip:a@x.invalid>', { expires: 60 }), 'f1', 'alice').status,
    ).toBe(200);
    expect(take('mallory', '<sip:a@x.invalid>', 'm1')).toBe(403);
    advance(61_000);
    expect(take('mallory', '<sip:a@x.invalid>', 'm2')).toBe(200);

    // Unregistration (expires=0) by its owner.
    expect(take('bob', '<sip:b@x.invalid>', 'b1')).toBe(200);
    expect(take('carol', '<sip:b@x.invalid>', 'c1')).toBe(403);
    expect(
      registrar.register(
        register('bob', '<sip:b@x.invalid>', { callId: 'b2', expires: 0 }),
        'flow-bob',
        'bob',
      ).status,
    ).toBe(200);
    expect(take('carol', '<sip:b@x.invalid>', 'c2')).toBe(200);

    // Replaced: the same device (same +sip.instance) re-registers with a new contact; the old one is free.
    const instance = ';+sip.instance="<urn:uuid:00000000-0000-4000-8000-000000000001>"';
    expect(take('dave', `<sip:d1@x.invalid>${instance}`, 'd1')).toBe(200);
    expect(take('dave', `<sip:d2@x.invalid>${instance}`, 'd2')).toBe(200);
    expect(take('erin', '<sip:d1@x.invalid>', 'e1')).toBe(200);
    expect(take('erin', '<sip:d2@x.invalid>', 'e1')).toBe(403);
  });
});
