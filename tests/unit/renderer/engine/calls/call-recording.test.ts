import type { Session, SessionDescriptionHandler } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../common/logger.js';
import {
  createCallRecording,
  type CallRecording,
  type RecordableCall,
} from '../../../../../renderer/src/engine/calls/call-recording.js';

/** A session whose re-INVITEs are answered 200 at once; remembers how many were sent. */
function fakeSession() {
  const sent: unknown[] = [];
  const session = {
    sessionDescriptionHandler: {} as SessionDescriptionHandler,
    invite: (options: { requestDelegate: { onAccept: () => void } }) => {
      sent.push(options);
      options.requestDelegate.onAccept();
      return Promise.resolve();
    },
  } as unknown as Session;
  return { session, sent };
}

function setup(withRecorder = true) {
  const recorded: CallRecording[] = [];
  const stops: number[] = [];
  let changes = 0;
  let now = 1000;
  const feature = createCallRecording({
    ...(withRecorder
      ? {
          record: () => ({
            stop: () => {
              stops.push(now);
              return Promise.resolve({ bytes: new Uint8Array([1, 2, 3]), mimeType: 'audio/webm' });
            },
          }),
        }
      : {}),
    onRecorded: (r) => recorded.push(r),
    handlerOptions: {},
    logger: silentLogger,
    clock: { now: () => now },
    changed: () => changes++,
  });
  const { session, sent } = fakeSession();
  const call: RecordableCall & { session: Session } = {
    id: 'call-1',
    sipCallId: 'abc@host',
    direction: 'outgoing',
    peer: { uri: 'sip:bob@localhost', username: 'bob' },
    state: 'active',
    held: false,
    session,
  };
  return { feature, call, sent, recorded, stops, changes: () => changes, tick: (ms: number) => (now += ms) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('call recording feature', () => {
  it('starts the recorder, says a=record:on in a re-INVITE, and hands the recording over when stopped', async () => {
    const t = setup();
    await t.feature.set(t.call, true, []);
    expect(t.call.recording).toBe(true);
    expect(t.sent).toHaveLength(1);
    expect(t.feature.describe(t.call, 'v=0\nm=audio 9 RTP/AVP 0\n')).toContain('a=record:on');
    expect(t.changes()).toBeGreaterThan(0);

    t.tick(5000);
    await t.feature.set(t.call, false, []);
    await flush();
    expect(t.call.recording).toBe(false);
    expect(t.sent).toHaveLength(2);
    expect(t.feature.describe(t.call, 'v=0\n')).toContain('a=record:off');
    expect(t.recorded).toEqual([
      expect.objectContaining({
        callId: 'call-1',
        sipCallId: 'abc@host',
        direction: 'outgoing',
        startedAt: 1000,
        endedAt: 6000,
        audio: { bytes: new Uint8Array([1, 2, 3]), mimeType: 'audio/webm' },
      }),
    ]);
  });

  it('does nothing when asked for the state the call is already in', async () => {
    const t = setup();
    await t.feature.set(t.call, false, []);
    expect(t.sent).toHaveLength(0);
    await t.feature.set(t.call, true, []);
    await t.feature.set(t.call, true, []);
    expect(t.sent).toHaveLength(1);
  });

  it('finishes the recording when the call ends, once', async () => {
    const t = setup();
    await t.feature.set(t.call, true, []);
    t.feature.finish(t.call);
    t.feature.finish(t.call);
    await flush();
    expect(t.stops).toHaveLength(1);
    expect(t.recorded).toHaveLength(1);
  });

  it('refuses where the platform cannot record, and leaves offers untouched', async () => {
    const t = setup(false);
    await expect(t.feature.set(t.call, true, [])).rejects.toThrow('This device cannot record calls.');
    expect(t.call.recording).toBeUndefined();
    expect(t.sent).toHaveLength(0);
    expect(t.feature.describe(t.call, 'v=0\n')).toBe('v=0\n');
  });

  it("follows the other side's a=record: their offers decide, an answer only when it says so", () => {
    const t = setup();
    expect(t.feature.noteRemote(t.call, 'v=0\na=record:on\n', 'offer')).toBe(true);
    expect(t.call.remoteRecording).toBe(true);
    expect(t.feature.noteRemote(t.call, 'v=0\n', 'answer')).toBe(false);
    expect(t.call.remoteRecording).toBe(true);
    expect(t.feature.noteRemote(t.call, 'v=0\n', 'offer')).toBe(true);
    expect(t.call.remoteRecording).toBe(false);
    expect(t.feature.noteRemote(t.call, 'v=0\na=record:paused\n', 'answer')).toBe(false);
  });
});
