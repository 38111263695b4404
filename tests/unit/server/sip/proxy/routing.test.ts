import { describe, expect, it } from 'vitest';
import {
  decideRoute,
  requiresAuthentication,
  type RoutingFacts,
  type RoutingInput,
} from '../../../../../server/src/sip/proxy/routing.js';

function facts(over: Partial<RoutingFacts> = {}): RoutingFacts {
  const bindings: Record<string, Array<{ flowId: string; uri: string }>> = {
    bob: [
      { flowId: 'f-bob-1', uri: 'sip:b1@x.invalid;transport=ws' },
      { flowId: 'f-bob-2', uri: 'sip:b2@y.invalid;transport=ws' },
    ],
    voicemail: [{ flowId: 'f-vm', uri: 'sip:vm@z.invalid;transport=ws' }],
  };
  return {
    domain: 'parley.test',
    flowAlive: (id) => id !== 'f-dead',
    userExists: async (u) => ['alice', 'bob', 'carol', 'voicemail'].includes(u),
    bindings: (u) => bindings[u] ?? [],
    bindingByUri: (uri) =>
      uri === 'sip:b1@x.invalid;transport=ws' ? { flowId: 'f-bob-1', username: 'bob' } : undefined,
    ...over,
  };
}

const to = (user: string | undefined, host = 'parley.test'): RoutingInput['ruri'] => ({
  ...(user ? { user } : {}),
  host,
  text: user ? `sip:${user}@${host}` : `sip:${host}`,
});
const req = (over: Partial<RoutingInput>): RoutingInput => ({
  method: 'INVITE',
  arrivalFlow: 'f-alice',
  ruri: to('bob'),
  ...over,
});

describe('decideRoute', () => {
  it('forks an out-of-dialog request to every binding, retargeting the Request-URI to each contact', async () => {
    expect(await decideRoute(req({}), facts())).toEqual({
      kind: 'forward',
      inDialog: false,
      callee: 'bob',
      targets: [
        { flowId: 'f-bob-1', ruri: 'sip:b1@x.invalid;transport=ws', username: 'bob' },
        { flowId: 'f-bob-2', ruri: 'sip:b2@y.invalid;transport=ws', username: 'bob' },
      ],
    });
  });

  it('is case-insensitive on the user part', async () => {
    expect(await decideRoute(req({ ruri: to('BoB') }), facts())).toMatchObject({
      kind: 'forward',
      callee: 'bob',
    });
  });

  it('answers 404 for an unknown user and 480 for a known user without binding', async () => {
    expect(await decideRoute(req({ ruri: to('zed') }), facts())).toEqual({ kind: 'respond', status: 404 });
    // The callee is named (the call history records a missed call for it).
    expect(await decideRoute(req({ ruri: to('carol') }), facts())).toEqual({
      kind: 'respond',
      status: 480,
      callee: 'carol',
    });
  });

  it('diverts an INVITE to an offline user when the hook says so, but not other methods', async () => {
    const f = facts({
      divert: (callee, why) =>
        callee === 'carol' && why === 'offline' ? 'sip:voicemail@parley.test' : undefined,
    });
    expect(await decideRoute(req({ ruri: to('carol') }), f)).toMatchObject({
      kind: 'forward',
      callee: 'voicemail',
      targets: [{ flowId: 'f-vm' }],
      diverted: { from: 'carol', why: 'offline', to: 'sip:voicemail@parley.test' },
    });
    expect(await decideRoute(req({ method: 'MESSAGE', ruri: to('carol') }), f)).toEqual({
      kind: 'respond',
      status: 480,
      callee: 'carol',
    });
  });

  it('routes in-dialog requests by flow token to the other flow, both directions', async () => {
    const token = { a: 'f-alice', b: 'f-bob-2' };
    expect(await decideRoute(req({ token, toTag: 't' }), facts())).toEqual({
      kind: 'forward',
      inDialog: true,
      targets: [{ flowId: 'f-bob-2' }],
    });
    expect(await decideRoute(req({ token, toTag: 't', arrivalFlow: 'f-bob-2' }), facts())).toEqual({
      kind: 'forward',
      inDialog: true,
      targets: [{ flowId: 'f-alice' }],
    });
  });

  it('answers 430 Flow Failed (RFC 5626) when the other flow is gone', async () => {
    expect(await decideRoute(req({ token: { a: 'f-alice', b: 'f-dead' }, toTag: 't' }), facts())).toEqual({
      kind: 'respond',
      status: 430,
    });
  });

  it('lets a party that reconnected reach the live end of the pair', async () => {
    const token = { a: 'f-dead', b: 'f-bob-1' };
    expect(await decideRoute(req({ token, arrivalFlow: 'f-new', toTag: 't' }), facts())).toMatchObject({
      targets: [{ flowId: 'f-bob-1' }],
    });
  });

  it('routes a request addressed to a registered contact (no Route) to its flow', async () => {
    const r = req({
      ruri: { user: 'b1', host: 'x.invalid', text: 'sip:b1@x.invalid;transport=ws' },
      toTag: 't',
      method: 'BYE',
    });
    expect(await decideRoute(r, facts())).toEqual({
      kind: 'forward',
      inDialog: true,
      targets: [{ flowId: 'f-bob-1', username: 'bob' }],
    });
  });

  it("never lets a registered contact that spells a user's AOR take that user's requests", async () => {
    const spoofed = facts({
      // carol registered `Contact: <sip:bob@parley.test>`
      bindingByUri: (uri) =>
        uri === 'sip:bob@parley.test' ? { flowId: 'f-carol', username: 'carol' } : undefined,
    });
    const r = req({ ruri: { user: 'bob', host: 'parley.test', text: 'sip:bob@parley.test' } });
    expect(await decideRoute(r, spoofed)).toMatchObject({
      kind: 'forward',
      callee: 'bob',
      targets: [{ flowId: 'f-bob-1' }, { flowId: 'f-bob-2' }],
    });
  });

  it('is no open relay: 403 for other domains, 404 for an unknown dialog peer', async () => {
    expect(await decideRoute(req({ ruri: to('bob', 'elsewhere.example') }), facts())).toMatchObject({
      kind: 'respond',
      status: 403,
    });
    expect(await decideRoute(req({ ruri: to('x', 'q.invalid'), toTag: 't' }), facts())).toMatchObject({
      kind: 'respond',
      status: 404,
    });
  });

  it('answers OPTIONS to the service itself locally; other methods there get 404', async () => {
    expect(await decideRoute(req({ method: 'OPTIONS', ruri: to(undefined) }), facts())).toEqual({
      kind: 'local',
    });
    expect(await decideRoute(req({ method: 'MESSAGE', ruri: to(undefined) }), facts())).toEqual({
      kind: 'respond',
      status: 404,
    });
  });
});

describe('requiresAuthentication', () => {
  it('challenges requests from clients, never ACK or CANCEL, and trusts in-dialog requests on a token flow', async () => {
    expect(requiresAuthentication(req({}))).toBe(true);
    expect(requiresAuthentication(req({ method: 'MESSAGE' }))).toBe(true);
    expect(requiresAuthentication(req({ method: 'ACK' }))).toBe(false);
    expect(requiresAuthentication(req({ method: 'CANCEL' }))).toBe(false);
    expect(
      requiresAuthentication(req({ method: 'BYE', toTag: 't', token: { a: 'f-alice', b: 'f-bob-1' } })),
    ).toBe(false);
    // A token that does not name the arrival flow does not vouch for it.
    expect(
      requiresAuthentication(req({ method: 'BYE', toTag: 't', token: { a: 'f-x', b: 'f-bob-1' } })),
    ).toBe(true);
    // Nor does it vouch for a request outside any dialog (no To tag): a new call or message.
    for (const method of ['INVITE', 'MESSAGE']) {
      expect(requiresAuthentication(req({ method, token: { a: 'f-alice', b: 'f-bob-1' } }))).toBe(true);
    }
  });
});
