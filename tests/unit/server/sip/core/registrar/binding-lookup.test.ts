/**
 * In-dialog requests without our Route (some UAs, REFER targets) are routed by their Request-URI to the
 * binding whose contact equals it by RFC 3261 §19.1.4: a parameter only one side has — the `;ob` SIP.js
 * adds to some Contacts and not others — does not stop the match; a different transport or user does.
 */
import { describe, expect, it } from 'vitest';
import { BindingStore } from '../../../../../../server/src/sip/core/registrar/binding-store.js';
import { Registrar } from '../../../../../../server/src/sip/core/registrar/registrar.js';
import { registerRequest } from '../../../../../support/sip/register-request.js';

describe('BindingStore.findByUri', () => {
  it('finds a binding by URI equality, ignoring one-sided parameters such as ;ob, and forgets it at expiry', () => {
    let now = 1_000_000;
    const store = new BindingStore(
      () => now,
      () => undefined,
    );
    const registrar = new Registrar({ domain: 'parley.test', store, now: () => now });
    registrar.register(
      registerRequest(['<sip:k3j2@abc.invalid;transport=ws>'], { user: 'bob', expires: 600 }),
      'f1',
      'bob',
    );

    expect(store.findByUri('sip:k3j2@abc.invalid;transport=ws;ob')?.flowId).toBe('f1');
    expect(store.findByUri('sip:k3j2@ABC.invalid;transport=WS')?.username).toBe('bob');
    expect(store.findByUri('sip:k3j2@abc.invalid;transport=tcp')).toBeUndefined();
    expect(store.findByUri('sip:other@abc.invalid;transport=ws')).toBeUndefined();
    expect(store.findByUri('not a uri')).toBeUndefined();
    now += 601_000;
    expect(store.findByUri('sip:k3j2@abc.invalid;transport=ws;ob')).toBeUndefined();
  });
});
