import { describe, expect, it } from 'vitest';
import type { CallEndReason } from '../../../../renderer/src/engine/phone-engine-contract.js';
import { createEngineHarness } from '../../../support/engine/engine-harness.js';

async function dial(target = 'bob') {
  const h = createEngineHarness();
  await h.register();
  const id = h.engine.call(target);
  const invite = await h.server.nextRequest('INVITE');
  return { h, id, invite };
}

describe('outgoing calls', () => {
  it.each([
    ['bob', 'sip:bob@localhost'],
    ['Bob', 'sip:bob@localhost'],
    ['bob@localhost', 'sip:bob@localhost'],
    ['sip:bob@localhost', 'sip:bob@localhost'],
    ['carol@other.example', 'sip:carol@other.example'],
  ])('dials %s as %s', async (target, uri) => {
    const { h, id, invite } = await dial(target);
    expect(invite.ruri?.toString()).toBe(uri);
    expect(h.call(id)).toMatchObject({ direction: 'outgoing', state: 'dialing', peer: { uri } });
  });

  it('asks for 10 ms Opus packets in the offer', async () => {
    const { invite } = await dial();
    expect(invite.body).toContain('a=ptime:10');
    expect(invite.body).toContain('a=maxptime:10');
  });

  it('goes dialing → ringing on 180 → active on 200, then hangs up with BYE', async () => {
    const { h, id, invite } = await dial();
    h.server.reply(invite, 100);
    h.server.reply(invite, 180);
    await h.until(() => h.call(id)?.state === 'ringing');
    h.server.acceptInvite(invite);
    await h.server.nextRequest('ACK');
    const active = await h.until(() => h.call(id)?.state === 'active');
    expect(active.calls[0]?.answeredAt).toBeTypeOf('number');
    await h.engine.hangup(id);
    const bye = await h.server.nextRequest('BYE');
    h.server.reply(bye, 200);
    expect(h.call(id)).toMatchObject({ state: 'ended', endReason: 'local-hangup' });
  });

  it('treats 183 Session Progress as ringing', async () => {
    const { h, id, invite } = await dial();
    h.server.reply(invite, 183);
    await h.until(() => h.call(id)?.state === 'ringing');
  });

  it.each<[number, CallEndReason]>([
    [404, 'not-found'],
    [480, 'unavailable'],
    [408, 'no-answer'],
    [486, 'busy'],
    [600, 'busy'],
    [603, 'declined'],
    [487, 'cancelled'],
    [500, 'failed'],
  ])('ends with the reason for %i', async (code, reason) => {
    const { h, id, invite } = await dial();
    h.server.reply(invite, code);
    await h.server.nextRequest('ACK'); // RFC 3261 §17.1.1.3: the client transaction ACKs non-2xx finals
    const ended = await h.until(() => h.call(id)?.state === 'ended');
    expect(ended.calls[0]).toMatchObject({ endReason: reason, endStatus: { code } });
    expect(ended.calls[0]?.endedAt).toBeTypeOf('number');
  });

  it('ends with remote-hangup when the callee sends BYE', async () => {
    const { h, id, invite } = await dial();
    const dialog = h.server.acceptInvite(invite);
    await h.until(() => h.call(id)?.state === 'active');
    h.server.sendInDialog('BYE', dialog);
    const ok = await h.server.nextResponse('BYE', 200);
    expect(ok.statusCode).toBe(200);
    await h.until(() => h.call(id)?.endReason === 'remote-hangup');
  });

  it('cancels while ringing (CANCEL, then the 487 is ACKed)', async () => {
    const { h, id, invite } = await dial();
    h.server.reply(invite, 180);
    await h.until(() => h.call(id)?.state === 'ringing');
    await h.engine.hangup(id);
    expect(h.call(id)).toMatchObject({ state: 'ended', endReason: 'cancelled' });
    const cancel = await h.server.nextRequest('CANCEL');
    h.server.reply(cancel, 200);
    h.server.reply(invite, 487);
    await h.server.nextRequest('ACK');
  });

  it('cancels while still dialing (before any provisional response)', async () => {
    const { h, id, invite } = await dial();
    h.server.reply(invite, 100);
    await h.engine.hangup(id);
    expect(h.call(id)?.endReason).toBe('cancelled');
    await h.server.nextRequest('CANCEL');
  });

  it('ends with media-failed when there is no microphone', async () => {
    const h = createEngineHarness({ failMedia: true });
    await h.register();
    const id = h.engine.call('bob');
    await h.until(() => h.call(id)?.endReason === 'media-failed');
    expect(
      h.server.log.some(
        (m) => 'method' in m && m.method === 'INVITE' && !('statusCode' in m && m.statusCode),
      ),
    ).toBe(false);
  });

  it('ends at once with not-found for an empty target', async () => {
    const h = createEngineHarness();
    await h.register();
    const id = h.engine.call('   ');
    expect(h.call(id)).toMatchObject({ state: 'ended', endReason: 'not-found' });
  });

  it('mutes and unmutes the local track, and shows it in the snapshot', async () => {
    const { h, id, invite } = await dial();
    h.server.acceptInvite(invite);
    await h.until(() => h.call(id)?.state === 'active');
    const media = h.handlers.at(-1)!;
    h.engine.setMuted(id, true);
    expect(h.call(id)?.muted).toBe(true);
    expect(media.senderEnabled).toBe(false);
    h.engine.setMuted(id, false);
    expect(h.call(id)?.muted).toBe(false);
    expect(media.senderEnabled).toBe(true);
  });

  it('keeps mute chosen before the answer', async () => {
    const { h, id, invite } = await dial();
    h.engine.setMuted(id, true);
    h.server.acceptInvite(invite);
    await h.until(() => h.call(id)?.state === 'active');
    expect(h.handlers.at(-1)!.senderEnabled).toBe(false);
  });
});
