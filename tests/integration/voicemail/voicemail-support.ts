/**
 * Shared pieces of the service voicemail tests: agent progress waiting, SSE reading, MWI subscribing
 * with SIP.js, the caller's tone, and the Ogg check.
 */
import { Subscriber, UserAgent, type Notification } from 'sip.js';
import { expect } from 'vitest';
import type { VoicemailAgentEvent } from '../../../server/src/agents/voicemail/voicemail-agent.js';
import { readOggOpus } from '../../../server/src/mail/ogg-opus-reader.js';
import { decodeOpus, dominantFrequency, makeToneOpus, rms } from '../../support/mail/audio-tools.js';
import { Inbox } from '../../support/sip/sipjs-phone.js';

/** Agent events of the running service, awaited by phase and Call-ID. */
export class AgentEvents {
  private readonly seen: VoicemailAgentEvent[] = [];
  private readonly waiters = new Set<{ match: (e: VoicemailAgentEvent) => boolean; done: () => void }>();

  readonly push = (event: VoicemailAgentEvent): void => {
    this.seen.push(event);
    for (const w of [...this.waiters]) if (w.match(event)) w.done();
  };

  has(phase: VoicemailAgentEvent['phase'], callId: string): boolean {
    return this.seen.some((e) => e.phase === phase && e.callId === callId);
  }

  async wait(
    phase: VoicemailAgentEvent['phase'],
    callId: string,
    timeoutMs = 20_000,
  ): Promise<VoicemailAgentEvent> {
    const match = (e: VoicemailAgentEvent): boolean => e.phase === phase && e.callId === callId;
    const found = this.seen.find(match);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no agent event ${phase} for ${callId} in ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        match,
        done: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(this.seen.find(match)!);
        },
      };
      this.waiters.add(waiter);
    });
  }
}

/** 20 ms Opus packets of a sine tone (what the caller "says"). */
export async function tonePackets(hz: number, seconds: number): Promise<readonly Buffer[]> {
  return readOggOpus(await makeToneOpus(hz, seconds + 0.2, 32)).packets.slice(0, Math.round(seconds * 50));
}

/** The Ogg holds `seconds` of a `hz` tone (Goertzel among the greeting's, the beep's and ours). */
export async function expectTone(ogg: Uint8Array, hz: number, seconds: number): Promise<void> {
  const audio = await decodeOpus(ogg);
  expect(Math.abs(audio.durationMs - seconds * 1000)).toBeLessThan(300);
  const middle = audio.samples.subarray(48 * 300, 48 * (seconds * 1000 - 300));
  expect(dominantFrequency(middle, 48000, [300, hz, 1000]).frequency).toBe(hz);
  expect(rms(middle)).toBeGreaterThan(0.1);
}

/** Server-Sent Events of one user (`/api/events?token=`), by event name. */
export async function openEvents(
  baseUrl: string,
  token: string,
): Promise<{ next(event: string, timeoutMs?: number): Promise<unknown>; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/events?token=${encodeURIComponent(token)}`, {
    signal: controller.signal,
  });
  const inbox = new Map<string, Inbox<unknown>>();
  const box = (name: string): Inbox<unknown> => {
    let b = inbox.get(name);
    if (!b) inbox.set(name, (b = new Inbox<unknown>()));
    return b;
  };
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event && data) box(event).push(JSON.parse(data));
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    next: (event, timeoutMs = 10_000) =>
      Promise.race([
        box(event).next(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`no SSE ${event} in ${timeoutMs} ms`)), timeoutMs).unref(),
        ),
      ]),
    close: () => controller.abort(),
  };
}

export interface MwiState {
  readonly waiting: boolean;
  readonly voice: string | undefined;
  readonly state: string | undefined;
}

/** A SIP.js Subscriber for `message-summary` on the user's own AOR; each NOTIFY's summary in order. */
export async function subscribeMwi(
  ua: UserAgent,
  aor: string,
): Promise<{ next(): Promise<MwiState>; unsubscribe(): Promise<void> }> {
  const notes = new Inbox<MwiState>();
  const subscriber = new Subscriber(ua, UserAgent.makeURI(aor)!, 'message-summary', { expires: 600 });
  subscriber.delegate = {
    onNotify: (notification: Notification) => {
      const request = notification.request;
      expect(request.getHeader('content-type')).toBe('application/simple-message-summary');
      const body = request.body;
      notes.push({
        waiting: /^Messages-Waiting:\s*yes/im.test(body),
        voice: /^Voice-Message:\s*(\S+)/im.exec(body)?.[1],
        state: request.getHeader('subscription-state'),
      });
      void notification.accept();
    },
  };
  await subscriber.subscribe();
  return { next: () => notes.next(), unsubscribe: () => subscriber.unsubscribe() };
}
