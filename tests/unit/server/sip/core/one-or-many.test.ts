/**
 * The one-or-many map behind the registrar's and the session tokens' indexes (server/src/sip/core/
 * one-or-many.ts): a lone value is held as itself, several in insertion order; `replace` keeps the
 * position (a refreshed registration stays where it was in the 200 OK's Contact list), and a key goes
 * with its last value, so the tables empty when the registrations go.
 */
import { describe, expect, it } from 'vitest';
import { OneOrMany } from '../../../../../server/src/sip/core/one-or-many.js';
import { BindingStore, type Binding } from '../../../../../server/src/sip/core/registrar/binding-store.js';

describe('OneOrMany', () => {
  it('adds, replaces in place, deletes and takes, dropping a key with its last value', () => {
    const m = new OneOrMany<string, { n: number }>();
    const [a, b, c, d] = [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }];
    m.add('k', a);
    expect(m.get('k')).toEqual([a]);
    m.add('k', b);
    m.add('k', c);
    expect(m.replace('k', b, d)).toBe(true);
    expect(m.get('k')).toEqual([a, d, c]);
    expect(m.replace('k', b, d)).toBe(false);
    expect(m.delete('k', a)).toBe(true);
    expect(m.delete('k', a)).toBe(false);
    expect(m.count('k')).toBe(2);
    expect(m.delete('k', c)).toBe(true);
    expect(m.get('k')).toEqual([d]);
    expect(m.delete('k', d)).toBe(true);
    expect(m.has('k')).toBe(false);
    expect(m.size).toBe(0);
    m.add('x', a);
    m.add('x', b);
    expect(m.take('x')).toEqual([a, b]);
    expect(m.size).toBe(0);
  });
});

describe('BindingStore over one-or-many indexes', () => {
  const binding = (key: string, flowId: string, expiresAt: number): Binding => ({
    username: 'bob',
    key,
    uri: key,
    contact: `<${key}>`,
    flowId,
    expiresAt,
    callId: 'c1',
    cseq: 1,
  });

  it('keeps a refreshed binding in its place, and forgets bindings by flow and by expiry', () => {
    let now = 1_000;
    const store = new BindingStore(
      () => now,
      () => undefined,
    );
    store.put(binding('sip:a@x.invalid;transport=ws', 'f1', 10_000));
    store.put(binding('sip:b@x.invalid;transport=ws', 'f2', 5_000));
    store.put(binding('sip:a@x.invalid;transport=ws', 'f1', 20_000));
    expect(store.list('bob').map((b) => [b.key, b.expiresAt])).toEqual([
      ['sip:a@x.invalid;transport=ws', 20_000],
      ['sip:b@x.invalid;transport=ws', 5_000],
    ]);
    expect(store.findByUri('sip:b@x.invalid;transport=ws')?.flowId).toBe('f2');
    now = 6_000;
    expect(store.findByUri('sip:b@x.invalid;transport=ws')).toBeUndefined();
    store.sweep();
    expect(store.total).toBe(1);
    expect(store.removeFlow('f1').map((b) => b.key)).toEqual(['sip:a@x.invalid;transport=ws']);
    expect(store.total).toBe(0);
    expect(store.findByUri('sip:a@x.invalid;transport=ws')).toBeUndefined();
  });
});
