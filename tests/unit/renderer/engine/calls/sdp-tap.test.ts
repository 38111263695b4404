import type { Session, SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { tapSessionDescriptions, type SdpKind } from '../../../../../renderer/src/engine/calls/sdp-tap.js';

describe('SDP tap', () => {
  it('reports each description with its side and whether it is an offer or an answer (RFC 3264 §4)', async () => {
    const seen: Array<[string, string, SdpKind]> = [];
    const handler = {
      getDescription: async () => ({ body: 'local', contentType: 'application/sdp' }),
      setDescription: async () => undefined,
    } as unknown as SessionDescriptionHandler;
    const factory: SessionDescriptionHandlerFactory = () => handler;
    const tapped = tapSessionDescriptions(factory, {
      onLocal: (_s, sdp, kind) => seen.push(['local', sdp, kind]),
      onRemote: (_s, sdp, kind) => seen.push(['remote', sdp, kind]),
    });
    const h = tapped({} as Session, {});
    await h.setDescription('their offer'); // incoming INVITE
    await h.getDescription(); // our answer
    await h.getDescription(); // our re-INVITE (hold)
    await h.setDescription('their answer');
    await h.setDescription('their re-offer');
    await h.getDescription();
    expect(seen.map(([side, , kind]) => `${side}:${kind}`)).toEqual([
      'remote:offer',
      'local:answer',
      'local:offer',
      'remote:answer',
      'remote:offer',
      'local:answer',
    ]);
  });
});

describe('SDP tap rewriting', () => {
  it('sends and reports our description as rewritten, and leaves theirs alone', async () => {
    const local: string[] = [];
    const remote: string[] = [];
    const handler = {
      getDescription: async () => ({ body: 'v=0\n', contentType: 'application/sdp' }),
      setDescription: async () => undefined,
    } as unknown as SessionDescriptionHandler;
    const tapped = tapSessionDescriptions(() => handler, {
      onLocal: (_s, sdp) => local.push(sdp),
      onRemote: (_s, sdp) => remote.push(sdp),
      rewriteLocal: (_s, sdp) => `${sdp}a=record:on\n`,
    })({} as Session, {});
    const sent = await tapped.getDescription();
    await tapped.setDescription('v=0\n');
    expect(sent).toEqual({ body: 'v=0\na=record:on\n', contentType: 'application/sdp' });
    expect(local).toEqual(['v=0\na=record:on\n']);
    expect(remote).toEqual(['v=0\n']);
  });
});
