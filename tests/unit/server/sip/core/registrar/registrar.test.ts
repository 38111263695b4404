import { describe, expect, it } from 'vitest';
import { BindingStore } from '../../../../../../server/src/sip/core/registrar/binding-store.js';
import { Registrar } from '../../../../../../server/src/sip/core/registrar/registrar.js';
import { registerRequest } from '../../../../../support/sip/register-request.js';

const register = registerRequest;

function setup() {
  let now = 1_000_000;
  const changes: string[] = [];
  const store = new BindingStore(
    () => now,
    (u) => changes.push(u),
  );
  const registrar = new Registrar({ domain: 'parley.test', store, now: () => now });
  return { store, registrar, changes, advance: (ms: number) => (now += ms) };
}

describe('registrar (§10.3)', () => {
  it('binds each contact to its flow, lists them with remaining expiry, expires them', () => {
    const { store, registrar, changes, advance } = setup();
    expect(
      registrar.register(register(['<sip:a1@x.invalid;transport=ws>;expires=120']), 'flow1', 'alice'),
    ).toEqual({
      status: 200,
      headers: [{ name: 'Contact', value: '<sip:a1@x.invalid;transport=ws>;expires=120' }],
    });
    registrar.register(
      register(['<sip:a2@y.invalid;transport=ws>'], { callId: 'reg-2', expires: 600 }),
      'flow2',
      'alice',
    );
    expect(store.list('alice').map((b) => b.flowId)).toEqual(['flow1', 'flow2']);
    expect(changes).toEqual(['alice', 'alice']);
    advance(121_000);
    expect(store.list('alice').map((b) => b.flowId)).toEqual(['flow2']);
  });

  it('refreshes with a higher CSeq, refuses an out-of-order one (same Call-ID), removes with expires=0', () => {
    const { store, registrar } = setup();
    const c = '<sip:a1@x.invalid;transport=ws>';
    registrar.register(register([c], { cseq: 5 }), 'f', 'alice');
    expect(registrar.register(register([c], { cseq: 5 }), 'f', 'alice').status).toBe(500);
    expect(registrar.register(register([c + ';expires=0'], { cseq: 6 }), 'f', 'alice').status).toBe(200);
    expect(store.list('alice')).toHaveLength(0);
  });

  it('removes all bindings with * only together with Expires: 0', () => {
    const { store, registrar } = setup();
    registrar.register(register(['<sip:a1@x.invalid>']), 'f1', 'alice');
    registrar.register(register(['<sip:a2@x.invalid>'], { callId: 'other' }), 'f2', 'alice');
    expect(registrar.register(register(['*'], { cseq: 2 }), 'f1', 'alice').status).toBe(400);
    expect(registrar.register(register(['*'], { cseq: 2, expires: 0 }), 'f1', 'alice').status).toBe(200);
    expect(store.list('alice')).toHaveLength(0);
  });

  it('keys bindings by +sip.instance so a reconnecting device replaces its old contact', () => {
    const { store, registrar } = setup();
    const inst = ';+sip.instance="<urn:uuid:1>";reg-id=1';
    registrar.register(register([`<sip:old@x.invalid>${inst}`]), 'f1', 'alice');
    registrar.register(register([`<sip:new@x.invalid>${inst}`], { callId: 'again' }), 'f2', 'alice');
    expect(store.list('alice').map((b) => [b.uri, b.flowId])).toEqual([['sip:new@x.invalid', 'f2']]);
  });

  it("refuses another user's AOR (403), too short an interval (423), bad expires (400)", () => {
    const { registrar } = setup();
    expect(registrar.register(register(['<sip:a@x.invalid>']), 'f', 'bob').status).toBe(403);
    const brief = registrar.register(register(['<sip:a@x.invalid>;expires=10']), 'f', 'alice');
    expect(brief).toEqual({ status: 423, headers: [{ name: 'Min-Expires', value: '60' }] });
    expect(registrar.register(register(['<sip:a@x.invalid>;expires=soon']), 'f', 'alice').status).toBe(400);
  });

  it('forgets bindings of a closed flow', () => {
    const { store, registrar } = setup();
    registrar.register(register(['<sip:a@x.invalid>']), 'f1', 'alice');
    registrar.register(register(['<sip:b@x.invalid>'], { user: 'bob' }), 'f1', 'bob');
    store.removeFlow('f1');
    expect(store.list('alice')).toHaveLength(0);
    expect(store.list('bob')).toHaveLength(0);
  });
});
