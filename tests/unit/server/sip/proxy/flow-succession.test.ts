import { describe, expect, it } from 'vitest';
import { FlowSuccession } from '../../../../../server/src/sip/proxy/flow-succession.js';

const binding = (flowId: string, username = 'alice', key = 'sip:abc@x.invalid;transport=ws') => ({
  username,
  key,
  flowId,
});

describe('FlowSuccession (RFC 5626 §4.5 flow recovery carried over to dialogs)', () => {
  it('the same user registering the same binding on a new flow succeeds the closed one', () => {
    let t = 0;
    const s = new FlowSuccession(() => t, 1000);
    s.flowClosed([binding('old')]);
    t = 500;
    s.bound(binding('new'));
    expect(s.current('old')).toBe('new');
    expect(s.current('new')).toBe('new');
    expect(s.current('other')).toBe('other');
  });

  it('replacing a live binding from another flow (the old socket not yet seen dead) succeeds it too', () => {
    const s = new FlowSuccession(() => 0, 1000);
    s.bound(binding('new'), binding('old'));
    expect(s.current('old')).toBe('new');
  });

  it('follows several reconnects in a row', () => {
    const s = new FlowSuccession(() => 0, 1000);
    s.flowClosed([binding('f1')]);
    s.bound(binding('f2'));
    s.flowClosed([binding('f2')]);
    s.bound(binding('f3'));
    expect(s.current('f1')).toBe('f3');
  });

  it('another user, or another binding of the same user, takes nothing over', () => {
    const s = new FlowSuccession(() => 0, 1000);
    s.flowClosed([binding('old')]);
    s.bound(binding('mallory-flow', 'mallory'));
    s.bound(binding('other-device', 'alice', 'sip:zzz@y.invalid;transport=ws'));
    expect(s.current('old')).toBe('old');
  });

  it('a UA that comes back after the grace period starts afresh', () => {
    let t = 0;
    const s = new FlowSuccession(() => t, 1000);
    s.flowClosed([binding('old')]);
    t = 1001;
    s.bound(binding('new'));
    expect(s.current('old')).toBe('old');
  });
});
