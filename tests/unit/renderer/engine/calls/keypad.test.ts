import type { Session } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { createKeypad, dtmfMethod, sendTones } from '../../../../../renderer/src/engine/calls/keypad.js';

const withEvents = 'v=0\r\nm=audio 9 RTP/AVP 111 126\r\na=rtpmap:126 telephone-event/8000\r\n';
const withoutEvents = 'v=0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

function fakeSession(canSendInMedia: boolean) {
  const media: string[] = [];
  const infos: Array<{ contentType: string; content: string }> = [];
  const session = {
    sessionDescriptionHandler: {
      sendDtmf(tones: string) {
        if (canSendInMedia) media.push(tones);
        return canSendInMedia;
      },
    },
    async info(options: { requestOptions: { body: { contentType: string; content: string } } }) {
      infos.push(options.requestOptions.body);
    },
  };
  return { session: session as unknown as Session, media, infos };
}

describe('keypad tones', () => {
  it('uses RFC 4733 events when the other side negotiated telephone-event', async () => {
    expect(dtmfMethod(withEvents)).toBe('rfc4733');
    const { session, media, infos } = fakeSession(true);
    expect(await sendTones(session, '5#', withEvents)).toBe('rfc4733');
    expect(media).toEqual(['5#']);
    expect(infos).toHaveLength(0);
  });

  it('falls back to SIP INFO (application/dtmf-relay) for a peer without telephone-event', async () => {
    expect(dtmfMethod(withoutEvents)).toBe('info');
    const { session, media, infos } = fakeSession(true);
    expect(await sendTones(session, '*1', withoutEvents)).toBe('info');
    expect(media).toHaveLength(0);
    expect(infos.map((b) => b.content)).toEqual([
      'Signal=*\r\nDuration=100\r\n',
      'Signal=1\r\nDuration=100\r\n',
    ]);
    expect(infos[0]?.contentType).toBe('application/dtmf-relay');
  });

  it('uses INFO when the media cannot carry events after all', async () => {
    const { session, infos } = fakeSession(false);
    expect(await sendTones(session, '9', withEvents)).toBe('info');
    expect(infos).toHaveLength(1);
  });

  it('refuses anything that is not a keypad tone', async () => {
    const { session } = fakeSession(true);
    await expect(sendTones(session, '12x', withEvents)).rejects.toThrow(/Not a keypad tone/);
    await expect(sendTones(session, '', withEvents)).rejects.toThrow(/Not a keypad tone/);
  });
});

describe('keypad queue', () => {
  it('sends quick presses in order, each after the tones before it have played', async () => {
    const { session, media } = fakeSession(true);
    const waits: number[] = [];
    const press = createKeypad(
      session,
      () => withEvents,
      async (ms) => {
        waits.push(ms);
        await Promise.resolve();
      },
    );
    await Promise.all([press('1'), press('#'), press('5')]);
    expect(media).toEqual(['1', '#', '5']);
    expect(waits).toEqual([170, 170, 170]);
  });

  it('keeps going after a refused press', async () => {
    const { session, media } = fakeSession(true);
    const press = createKeypad(
      session,
      () => withEvents,
      async () => undefined,
    );
    const bad = press('x');
    const good = press('2');
    await expect(bad).rejects.toThrow(/Not a keypad tone/);
    await expect(good).resolves.toBe('rfc4733');
    expect(media).toEqual(['2']);
  });
});
