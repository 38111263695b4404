import { describe, expect, it } from 'vitest';
import { divertHeaders } from '../../../../../server/src/sip/proxy/proxy-messages.js';
import {
  decideRoute,
  DO_NOT_DISTURB_REASON,
  type RoutingFacts,
  type RoutingInput,
} from '../../../../../server/src/sip/proxy/routing.js';

const facts = (over: Partial<RoutingFacts> = {}): RoutingFacts => ({
  domain: 'parley.test',
  flowAlive: () => true,
  userExists: async (u) => ['alice', 'bob', 'voicemail'].includes(u),
  bindings: (u) =>
    ({
      bob: [{ flowId: 'f-bob', uri: 'sip:b1@x.invalid;transport=ws' }],
      voicemail: [{ flowId: 'f-vm', uri: 'sip:vm@z.invalid;transport=ws' }],
    })[u] ?? [],
  bindingByUri: () => undefined,
  doNotDisturb: (u) => u === 'bob',
  ...over,
});

const invite = (over: Partial<RoutingInput> = {}): RoutingInput => ({
  method: 'INVITE',
  arrivalFlow: 'f-alice',
  ruri: { user: 'bob', host: 'parley.test', text: 'sip:bob@parley.test' },
  ...over,
});

describe('Do not disturb in the route decision', () => {
  it('sends an INVITE to a callee in Do not disturb straight to voicemail, none of their devices', async () => {
    const decision = await decideRoute(invite(), facts({ divert: () => 'sip:voicemail@parley.test' }));
    expect(decision).toEqual({
      kind: 'forward',
      inDialog: false,
      callee: 'voicemail',
      targets: [{ flowId: 'f-vm', ruri: 'sip:vm@z.invalid;transport=ws', username: 'voicemail' }],
      diverted: { from: 'bob', why: 'dnd', to: 'sip:voicemail@parley.test' },
    });
  });

  it('answers 480 Do Not Disturb when there is no voicemail to take the call', async () => {
    expect(await decideRoute(invite(), facts())).toEqual({
      kind: 'respond',
      status: 480,
      reason: DO_NOT_DISTURB_REASON,
    });
  });

  it('leaves MESSAGEs, in-dialog requests and users not in Do not disturb alone', async () => {
    expect(await decideRoute(invite({ method: 'MESSAGE' }), facts())).toMatchObject({ callee: 'bob' });
    expect(await decideRoute(invite(), facts({ doNotDisturb: () => false }))).toMatchObject({
      kind: 'forward',
      callee: 'bob',
    });
  });

  it('names the diversion do-not-disturb (RFC 5806) with RFC 4458 cause 480', () => {
    expect(divertHeaders('sip:bob@parley.test', 'sip:voicemail@parley.test', 'dnd')).toEqual([
      { name: 'History-Info', value: '<sip:bob@parley.test>;index=1' },
      { name: 'History-Info', value: '<sip:voicemail@parley.test;cause=480>;index=1.1;mp=1' },
      { name: 'Diversion', value: '<sip:bob@parley.test>;reason=do-not-disturb;counter=1' },
    ]);
  });
});
