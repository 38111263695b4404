/**
 * The voicemail call's media side against a real werift peer (no SIP): greeting and beep reach the
 * caller, the caller's tone is recorded into Ogg Opus with the right length and frequency, and the
 * stop rules (hang-up, silence after speech, `#` via RFC 4733 or INFO, hang-up before the beep) hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WeriftSessionDescriptionHandler } from '../../../server/src/media/werift-session-description-handler.js';
import { readOggOpus } from '../../../server/src/mail/ogg-opus-reader.js';
import {
  runVoicemailCall,
  type VoicemailPrompts,
} from '../../../server/src/agents/voicemail/voicemail-call.js';
import { loadVoicemailPrompts } from '../../../server/src/agents/voicemail/voicemail-prompts.js';
import { decodeOpus, dominantFrequency, makeToneOpus, rms } from '../../support/mail/audio-tools.js';

const handlers: WeriftSessionDescriptionHandler[] = [];
afterEach(() => {
  for (const h of handlers.splice(0)) h.close();
});

async function connectedPair(): Promise<{
  agent: WeriftSessionDescriptionHandler;
  caller: WeriftSessionDescriptionHandler;
}> {
  const caller = new WeriftSessionDescriptionHandler();
  const agent = new WeriftSessionDescriptionHandler();
  handlers.push(caller, agent);
  const offer = await caller.getDescription();
  await agent.setDescription(offer.body);
  const answer = await agent.getDescription();
  await caller.setDescription(answer.body);
  return { agent, caller };
}

async function tonePackets(hz: number, seconds: number): Promise<readonly Buffer[]> {
  // The last packet of an opusenc file carries encoder padding; keep exactly `seconds` of 20 ms packets.
  return readOggOpus(await makeToneOpus(hz, seconds + 0.2, 32)).packets.slice(0, seconds * 50);
}

async function shortPrompts(): Promise<VoicemailPrompts> {
  const { beep } = await loadVoicemailPrompts();
  return { greeting: await tonePackets(300, 0.6), beep };
}

function phases() {
  const seen: string[] = [];
  let onRecording: () => void = () => undefined;
  const recording = new Promise<void>((resolve) => (onRecording = resolve));
  return {
    seen,
    recording,
    onPhase: (phase: string) => {
      seen.push(phase);
      if (phase === 'recording') onRecording();
    },
  };
}

describe('voicemail call (media) with a werift caller', () => {
  it('plays greeting and beep, records 3 s of the caller tone, ends on hang-up', async () => {
    const { agent, caller } = await connectedPair();
    let received = 0;
    caller.onRtp(() => (received += 1));
    const progress = phases();
    const call = runVoicemailCall({ media: agent, prompts: await shortPrompts(), onPhase: progress.onPhase });
    await progress.recording;
    expect(received).toBeGreaterThan(40); // greeting (0.6 s) + beep (0.4 s) reached the caller
    await caller.sendOpusFrames(await tonePackets(700, 3));
    call.hangup();
    const { recording, reason } = await call.result;
    expect(reason).toBe('hangup');
    expect(progress.seen).toEqual(['greeting', 'beep', 'recording', 'done']);
    expect(recording).toBeDefined();
    expect(Math.abs(recording!.durationMs - 3000)).toBeLessThan(200);
    const audio = await decodeOpus(recording!.audio);
    const middle = audio.samples.subarray(48 * 500, 48 * 2500);
    expect(dominantFrequency(middle, 48000, [300, 700, 1000]).frequency).toBe(700);
    expect(rms(middle)).toBeGreaterThan(0.1);
  });

  it('stops by itself after 2 s of silence following speech, and trims the silence', async () => {
    const { agent, caller } = await connectedPair();
    const progress = phases();
    const call = runVoicemailCall({ media: agent, prompts: await shortPrompts(), onPhase: progress.onPhase });
    await progress.recording;
    const started = Date.now();
    await caller.sendOpusFrames(await tonePackets(700, 1.5)); // then the caller goes quiet (sends nothing)
    const { recording, reason } = await call.result;
    expect(reason).toBe('silence');
    expect(Date.now() - started).toBeGreaterThanOrEqual(3400);
    expect(Date.now() - started).toBeLessThan(4500);
    expect(recording!.durationMs).toBeGreaterThan(1700);
    expect(recording!.durationMs).toBeLessThan(2300);
  });

  it('ends on # sent as SIP INFO, and on the maximum length', async () => {
    const { agent, caller } = await connectedPair();
    const progress = phases();
    const call = runVoicemailCall({ media: agent, prompts: await shortPrompts(), onPhase: progress.onPhase });
    await progress.recording;
    await caller.sendOpusFrames(await tonePackets(700, 1.5));
    call.dtmf('5'); // other keys do nothing
    call.dtmf('#');
    const first = await call.result;
    expect(first.reason).toBe('dtmf');
    expect(Math.abs(first.recording!.durationMs - 1500)).toBeLessThan(200);

    const pair = await connectedPair();
    const again = phases();
    const capped = runVoicemailCall({
      media: pair.agent,
      prompts: await shortPrompts(),
      onPhase: again.onPhase,
      recorder: { maxMs: 1500 },
    });
    await again.recording;
    void pair.caller.sendOpusFrames(await tonePackets(700, 1), { loop: true });
    const second = await capped.result;
    expect(second.reason).toBe('max-length');
    expect(Math.abs(second.recording!.durationMs - 1500)).toBeLessThan(100);
  });

  it('leaves nothing when the caller hangs up before the beep, or speaks under 1 s', async () => {
    const { agent } = await connectedPair();
    const progress = phases();
    const call = runVoicemailCall({ media: agent, prompts: await shortPrompts(), onPhase: progress.onPhase });
    setTimeout(() => call.hangup(), 200); // during the greeting
    const early = await call.result;
    expect(early.recording).toBeUndefined();
    expect(progress.seen).not.toContain('recording');

    const pair = await connectedPair();
    const p2 = phases();
    const short = runVoicemailCall({ media: pair.agent, prompts: await shortPrompts(), onPhase: p2.onPhase });
    await p2.recording;
    await pair.caller.sendOpusFrames(await tonePackets(700, 0.6));
    short.hangup();
    expect((await short.result).recording).toBeUndefined();
  });
});
