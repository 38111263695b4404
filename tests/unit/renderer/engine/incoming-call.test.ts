import { describe, expect, it } from 'vitest';
import { createEngineHarness } from '../../../support/engine/engine-harness.js';

async function ringing() {
  const h = createEngineHarness();
  await h.register();
  const invite = h.server.sendInvite({ fromUser: 'bob', toUser: 'alice', displayName: 'Bob B' });
  await h.server.nextResponse('INVITE', 180);
  const s = await h.until((snap) => snap.calls.some((c) => c.state === 'incoming'));
  const id = s.calls[0]!.id;
  return { h, invite, id };
}

describe('incoming calls', () => {
  it('rings (180) and shows who is calling', async () => {
    const { h, id } = await ringing();
    expect(h.call(id)).toMatchObject({
      direction: 'incoming',
      state: 'incoming',
      muted: false,
      peer: { username: 'bob', uri: 'sip:bob@localhost', displayName: 'Bob B' },
    });
  });

  it('answers: incoming → connecting → active on ACK, then the caller hangs up', async () => {
    const { h, invite, id } = await ringing();
    const answering = h.engine.answer(id);
    expect(h.call(id)?.state).toBe('connecting');
    const ok = await h.server.nextResponse('INVITE', 200);
    expect(ok.body).toContain('a=ptime:10');
    await answering;
    const dialog = h.server.dialogOf(invite, ok);
    h.server.sendInDialog('ACK', dialog, 1);
    await h.until(() => h.call(id)?.state === 'active');
    h.server.sendInDialog('BYE', dialog);
    await h.server.nextResponse('BYE', 200);
    await h.until(() => h.call(id)?.endReason === 'remote-hangup');
  });

  it('hangs up an answered call with BYE', async () => {
    const { h, invite, id } = await ringing();
    await h.engine.answer(id);
    const ok = await h.server.nextResponse('INVITE', 200);
    h.server.sendInDialog('ACK', h.server.dialogOf(invite, ok), 1);
    await h.until(() => h.call(id)?.state === 'active');
    await h.engine.hangup(id);
    await h.server.nextRequest('BYE');
    expect(h.call(id)?.endReason).toBe('local-hangup');
  });

  it('hanging up while the answer is on its way sends BYE once confirmed', async () => {
    const { h, invite, id } = await ringing();
    const answering = h.engine.answer(id);
    await h.engine.hangup(id);
    expect(h.call(id)?.endReason).toBe('local-hangup');
    const ok = await h.server.nextResponse('INVITE', 200);
    await answering;
    h.server.sendInDialog('ACK', h.server.dialogOf(invite, ok), 1);
    await h.server.nextRequest('BYE');
  });

  it('declines with 603', async () => {
    const { h, id } = await ringing();
    await h.engine.decline(id);
    await h.server.nextResponse('INVITE', 603);
    expect(h.call(id)).toMatchObject({ state: 'ended', endReason: 'declined', endStatus: { code: 603 } });
  });

  it('hangup while ringing declines (603)', async () => {
    const { h, id } = await ringing();
    await h.engine.hangup(id);
    await h.server.nextResponse('INVITE', 603);
    expect(h.call(id)?.endReason).toBe('declined');
  });

  it('ends as cancelled when the caller gives up', async () => {
    const { h, invite, id } = await ringing();
    h.server.sendCancel(invite);
    await h.server.nextResponse('CANCEL', 200);
    await h.server.nextResponse('INVITE', 487);
    await h.until(() => h.call(id)?.endReason === 'cancelled');
  });

  it('ends as answered-elsewhere on CANCEL with Reason: SIP;cause=200 (RFC 3326)', async () => {
    const { h, invite, id } = await ringing();
    h.server.sendCancel(invite, 'SIP ;cause=200 ;text="Call completed elsewhere"');
    await h.until(() => h.call(id)?.endReason === 'answered-elsewhere');
  });

  it('answers 486 Busy Here to a second call while one is live, without showing it', async () => {
    const { h, id } = await ringing();
    h.server.sendInvite({ fromUser: 'carol', toUser: 'alice' });
    const busy = await h.server.nextResponse('INVITE', 486);
    expect(busy.statusCode).toBe(486);
    expect(h.engine.getSnapshot().calls.map((c) => c.id)).toEqual([id]);
    // The second caller never heard ringing.
    expect(h.server.log.filter((m) => 'statusCode' in m && m.statusCode === 180)).toHaveLength(1);
  });

  it('mutes during an incoming call', async () => {
    const { h, invite, id } = await ringing();
    await h.engine.answer(id);
    const ok = await h.server.nextResponse('INVITE', 200);
    h.server.sendInDialog('ACK', h.server.dialogOf(invite, ok), 1);
    await h.until(() => h.call(id)?.state === 'active');
    h.engine.setMuted(id, true);
    expect(h.call(id)?.muted).toBe(true);
    expect(h.handlers.at(-1)!.senderEnabled).toBe(false);
  });
});
