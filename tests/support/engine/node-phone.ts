/**
 * A Parley phone in Node for integration tests: the real phone engine (SIP.js over `ws`) with
 * werift media that sends a known tone and counts what it receives.
 *
 *   const alice = await createNodePhone({ sipUrl, domain, username: 'alice', password });
 *   await alice.engine.start();
 *   const id = alice.engine.call('bob');
 *   ...
 *   expect(alice.received().packets).toBeGreaterThan(0);
 *   await alice.close();
 */
import WebSocket from 'ws';
import type { Logger } from '../../../common/logger.js';
import { silentLogger } from '../../../common/logger.js';
import { createPhoneEngine } from '../../../renderer/src/engine/create-phone-engine.js';
import type {
  CallSnapshot,
  PhoneEngine,
  PhoneSnapshot,
} from '../../../renderer/src/engine/phone-engine-contract.js';
import type { PhoneEngineOptions } from '../../../renderer/src/engine/phone-engine-options.js';
import { createOpusTone } from '../../../server/src/media/opus-tone.js';
import type {
  ReceivedRtp,
  WeriftSessionDescriptionHandler,
  WeriftSessionDescriptionHandlerOptions,
} from '../../../server/src/media/werift-session-description-handler.js';
import { createWeriftSessionDescriptionHandlerFactory } from '../../../server/src/media/werift-session-description-handler-factory.js';

// SIP.js's transport uses the global WebSocket (FIELD-NOTES); Node 20 has none.
if (!('WebSocket' in globalThis)) {
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
}

export interface NodePhoneOptions {
  readonly sipUrl: string;
  readonly domain: string;
  readonly username: string;
  readonly password: string;
  readonly displayName?: string;
  /** Tone sent on every call, Hz (default 440). */
  readonly toneHz?: number;
  readonly logger?: Logger;
  /** Extra engine options (e.g. `reconnectDelayMs`). */
  readonly engine?: Partial<PhoneEngineOptions>;
  /** Extra werift settings (e.g. more codecs, such as RFC 4733 telephone-event). */
  readonly media?: Pick<WeriftSessionDescriptionHandlerOptions, 'peerConfig'>;
}

export interface NodePhone {
  readonly engine: PhoneEngine;
  /** RTP received over every call of this phone so far. */
  received(): { packets: number; bytes: number };
  /** RTP sent so far (muted time sends nothing). */
  sent(): { packets: number; bytes: number };
  /** Listens to every received RTP packet (all calls). */
  onRtp(listener: (rtp: ReceivedRtp) => void): () => void;
  /** Resolves with the first snapshot that satisfies `predicate` (now or later); rejects after `timeoutMs`. */
  waitFor(predicate: (snapshot: PhoneSnapshot) => boolean, timeoutMs?: number): Promise<PhoneSnapshot>;
  /** Resolves with the call `id` once it is in `state`. */
  waitForCall(id: string, state: CallSnapshot['state'], timeoutMs?: number): Promise<CallSnapshot>;
  /** Resolves with the first incoming call in state `incoming`. */
  waitForIncoming(timeoutMs?: number): Promise<CallSnapshot>;
  /** Resolves once `received().packets` reaches `count`. */
  waitForPackets(count: number, timeoutMs?: number): Promise<void>;
  /** Stops the engine and closes media. */
  close(): Promise<void>;
}

export async function createNodePhone(options: NodePhoneOptions): Promise<NodePhone> {
  const tone = await createOpusTone({ hz: options.toneHz ?? 440 });
  const handlers = new Set<WeriftSessionDescriptionHandler>();
  const rtpListeners = new Set<(rtp: ReceivedRtp) => void>();
  const totals = { packets: 0, bytes: 0 };
  let closedSent = { packets: 0, bytes: 0 };

  const factory = createWeriftSessionDescriptionHandlerFactory({
    ...options.media,
    onCreated: (handler) => {
      handlers.add(handler);
      handler.onRtp((rtp) => {
        totals.packets += 1;
        totals.bytes += rtp.payload.length;
        for (const listener of rtpListeners) listener(rtp);
      });
      void handler.sendOpusFrames(tone, { loop: true }).catch(() => undefined);
      const close = handler.close.bind(handler);
      handler.close = () => {
        const s = handler.stats;
        closedSent = { packets: closedSent.packets + s.packetsSent, bytes: closedSent.bytes + s.bytesSent };
        handlers.delete(handler);
        close();
      };
    },
  });

  const engine = createPhoneEngine({
    sipUrl: options.sipUrl,
    domain: options.domain,
    username: options.username,
    password: options.password,
    iceServers: [],
    sessionDescriptionHandlerFactory: factory,
    logger: options.logger ?? silentLogger,
    clock: { now: () => Date.now() },
    userAgentString: 'Parley node-phone',
    ...(options.displayName ? { displayName: options.displayName } : {}),
    ...options.engine,
  });

  const waitFor = (predicate: (s: PhoneSnapshot) => boolean, timeoutMs = 10_000): Promise<PhoneSnapshot> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const snapshot = engine.getSnapshot();
        if (!predicate(snapshot)) return false;
        clearTimeout(timer);
        unsubscribe();
        resolve(snapshot);
        return true;
      };
      const timer = setTimeout(() => {
        unsubscribe();
        reject(
          new Error(`${options.username}: timed out; last snapshot ${JSON.stringify(engine.getSnapshot())}`),
        );
      }, timeoutMs);
      const unsubscribe = engine.subscribe(check);
      check();
    });

  const findCall = (s: PhoneSnapshot, id: string): CallSnapshot | undefined =>
    s.calls.find((c) => c.id === id);

  return {
    engine,
    received: () => ({ ...totals }),
    sent: () => {
      let packets = closedSent.packets;
      let bytes = closedSent.bytes;
      for (const h of handlers) {
        packets += h.stats.packetsSent;
        bytes += h.stats.bytesSent;
      }
      return { packets, bytes };
    },
    onRtp(listener) {
      rtpListeners.add(listener);
      return () => rtpListeners.delete(listener);
    },
    waitFor,
    async waitForCall(id, state, timeoutMs) {
      const s = await waitFor((snap) => findCall(snap, id)?.state === state, timeoutMs);
      return findCall(s, id)!;
    },
    async waitForIncoming(timeoutMs) {
      const s = await waitFor((snap) => snap.calls.some((c) => c.state === 'incoming'), timeoutMs);
      return s.calls.find((c) => c.state === 'incoming')!;
    },
    waitForPackets(count, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        if (totals.packets >= count) return resolve();
        const timer = setTimeout(() => {
          rtpListeners.delete(listener);
          reject(new Error(`${options.username}: only ${totals.packets} of ${count} RTP packets`));
        }, timeoutMs);
        const listener = (): void => {
          if (totals.packets < count) return;
          clearTimeout(timer);
          rtpListeners.delete(listener);
          resolve();
        };
        rtpListeners.add(listener);
      });
    },
    async close() {
      await engine.stop().catch(() => undefined);
      for (const h of [...handlers]) h.close();
      rtpListeners.clear();
    },
  };
}
