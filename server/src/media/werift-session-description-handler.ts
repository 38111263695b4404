/**
 * A SIP.js `SessionDescriptionHandler` backed by werift, so a SIP.js user agent in Node has real
 * WebRTC media (ICE, DTLS-SRTP, Opus): the Node phone of the integration tests, and the server's
 * agents (voicemail, echo).
 *
 * It sends Opus packets you give it (`sendOpusFrames`, paced at 20 ms) and reports the RTP it
 * receives (`onRtp`, `stats`). werift quirks it handles (FIELD-NOTES): `iceServers` is always set
 * (werift defaults to Google STUN); `onTrack` is subscribed before `setRemoteDescription`; nothing
 * is sent until DTLS is `connected` (werift drops RTP before that); RTP from an SSRC the SDP did not
 * list is played anyway (werift-unsignalled-ssrc.ts: rtpengine's transcoder sends from its own).
 */
import type {
  BodyAndContentType,
  SessionDescriptionHandler,
  SessionDescriptionHandlerModifier,
} from 'sip.js';
import { RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import type { PeerConfig, RTCRtpTransceiver } from 'werift';
import type { Logger } from '../../../common/logger.js';
import { silentLogger } from '../../../common/logger.js';
import { acceptUnsignalledSsrc } from './werift-unsignalled-ssrc.js';

/** One received RTP packet, reduced to what media consumers need (RFC 3550 §5.1). */
export interface ReceivedRtp {
  readonly payload: Buffer;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  /** `Date.now()` when it arrived. */
  readonly receivedAt: number;
}

export interface MediaStats {
  readonly packetsReceived: number;
  readonly bytesReceived: number;
  readonly packetsSent: number;
  readonly bytesSent: number;
}

export interface SendOpusOptions {
  /** Start again at the first frame after the last one, until `stopSending()` or `close()`. */
  readonly loop?: boolean;
  /** Duration of one frame in ms (default 20, what `opusenc --framesize 20` makes). */
  readonly frameMs?: number;
}

export interface WeriftSessionDescriptionHandlerOptions {
  /** ICE servers; empty on loopback/LAN. Never left to werift's default (Google STUN). */
  readonly iceServers?: readonly {
    readonly urls: string | readonly string[];
    readonly username?: string;
    readonly credential?: string;
  }[];
  /** Gather only on 127.0.0.1 (tests, single-host deployments). Default true. */
  readonly loopbackOnly?: boolean;
  /** Extra werift configuration, merged last. */
  readonly peerConfig?: Partial<PeerConfig>;
  readonly logger?: Logger;
}

const OPUS_CLOCK_RATE = 48_000;

export class WeriftSessionDescriptionHandler implements SessionDescriptionHandler {
  readonly peerConnection: RTCPeerConnection;
  private readonly logger: Logger;
  private readonly rtpListeners = new Set<(rtp: ReceivedRtp) => void>();
  private readonly connected: Promise<void>;
  private counters = { packetsReceived: 0, bytesReceived: 0, packetsSent: 0, bytesSent: 0 };
  private senderEnabled = true;
  private closed = false;
  private sendGeneration = 0;
  private sequenceNumber = Math.floor(Math.random() * 0xffff);
  private timestamp = Math.floor(Math.random() * 0xffffffff);

  constructor(options: WeriftSessionDescriptionHandlerOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    const loopback: Partial<PeerConfig> =
      options.loopbackOnly === false
        ? {}
        : {
            iceAdditionalHostAddresses: ['127.0.0.1'],
            iceInterfaceAddresses: { udp4: '127.0.0.1' },
            iceUseIpv6: false,
          };
    this.peerConnection = new RTCPeerConnection({
      iceServers: (options.iceServers ?? []).map((s) => ({
        urls: typeof s.urls === 'string' ? s.urls : [...s.urls],
        username: s.username,
        credential: s.credential,
      })) as PeerConfig['iceServers'],
      codecs: {
        audio: [
          new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: OPUS_CLOCK_RATE, channels: 2 }),
        ],
      },
      ...loopback,
      ...options.peerConfig,
    });
    acceptUnsignalledSsrc(this.peerConnection);
    // werift: subscribe before setRemoteDescription, or the first packets are lost.
    this.peerConnection.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => {
        this.counters.packetsReceived += 1;
        this.counters.bytesReceived += rtp.payload.length;
        const received: ReceivedRtp = {
          payload: rtp.payload,
          payloadType: rtp.header.payloadType,
          sequenceNumber: rtp.header.sequenceNumber,
          timestamp: rtp.header.timestamp,
          ssrc: rtp.header.ssrc,
          receivedAt: Date.now(),
        };
        for (const listener of this.rtpListeners) listener(received);
      });
    });
    this.connected = new Promise<void>((resolve, reject) => {
      this.peerConnection.connectionStateChange.subscribe((state) => {
        this.logger.debug({ tnx: 'media', state }, 'peer connection state');
        if (state === 'connected') resolve();
        if (state === 'failed' || state === 'closed') reject(new Error(`Media ${state}`));
      });
    });
    this.connected.catch(() => undefined);
  }

  /** Registers a listener for every received RTP packet. Returns an unsubscribe function. */
  onRtp(listener: (rtp: ReceivedRtp) => void): () => void {
    this.rtpListeners.add(listener);
    return () => this.rtpListeners.delete(listener);
  }

  get stats(): MediaStats {
    return { ...this.counters };
  }

  /** Resolves when ICE and DTLS are up (media can flow). */
  whenConnected(): Promise<void> {
    return this.connected;
  }

  /**
   * Sends Opus packets as RTP (RFC 7587), one every `frameMs`, after DTLS is connected.
   * Resolves when all were sent (or, with `loop`, when stopped). A new call replaces the previous one.
   * While the sender is disabled (mute) the clock runs on but nothing is sent.
   */
  async sendOpusFrames(frames: readonly Buffer[], options: SendOpusOptions = {}): Promise<void> {
    const generation = ++this.sendGeneration;
    const frameMs = options.frameMs ?? 20;
    const samplesPerFrame = (OPUS_CLOCK_RATE * frameMs) / 1000;
    if (frames.length === 0) return;
    await this.connected;
    const start = Date.now();
    for (let i = 0; ; i++) {
      if (this.closed || generation !== this.sendGeneration) return;
      const index = i % frames.length;
      if (!options.loop && i >= frames.length) return;
      const frame = frames[index]!;
      this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
      this.timestamp = (this.timestamp + samplesPerFrame) >>> 0;
      if (this.senderEnabled) this.sendRtp(frame, i === 0);
      // Pace on the wall clock so timer jitter does not accumulate.
      const wait = start + (i + 1) * frameMs - Date.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    }
  }

  /** Stops a running `sendOpusFrames`. */
  stopSending(): void {
    this.sendGeneration += 1;
  }

  /** Mute (false) / unmute (true): same name as SIP.js's Web handler so the engine treats both alike. */
  enableSenderTracks(enable: boolean): void {
    this.senderEnabled = enable;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopSending();
    this.rtpListeners.clear();
    void this.peerConnection.close().catch((error: unknown) => {
      this.logger.warn({ tnx: 'media', error: String(error) }, 'closing peer connection failed');
    });
  }

  async getDescription(
    _options?: unknown,
    modifiers?: SessionDescriptionHandlerModifier[],
  ): Promise<BodyAndContentType> {
    this.assertOpen();
    const pc = this.peerConnection;
    if (pc.signalingState === 'stable') {
      if (pc.getTransceivers().length === 0) pc.addTransceiver('audio', { direction: 'sendrecv' });
      await pc.setLocalDescription(await pc.createOffer());
    } else if (pc.signalingState === 'have-remote-offer') {
      for (const t of pc.getTransceivers()) t.setDirection('sendrecv');
      await pc.setLocalDescription(await pc.createAnswer());
    } else {
      throw new Error(`Cannot describe in signaling state ${pc.signalingState}`);
    }
    // werift's setLocalDescription gathers candidates before resolving; the description has them.
    const local = pc.localDescription;
    if (!local) throw new Error('No local description');
    const modified = await applyModifiers({ type: local.type, sdp: local.sdp }, modifiers);
    return { body: modified.sdp ?? '', contentType: 'application/sdp' };
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  async setDescription(
    sdp: string,
    _options?: unknown,
    modifiers?: SessionDescriptionHandlerModifier[],
  ): Promise<void> {
    this.assertOpen();
    const pc = this.peerConnection;
    const type = pc.signalingState === 'have-local-offer' ? 'answer' : 'offer';
    const modified = await applyModifiers({ type, sdp }, modifiers);
    await pc.setRemoteDescription({ type, sdp: modified.sdp ?? sdp });
  }

  sendDtmf(): boolean {
    return false; // RFC 4733 DTMF comes with call control (ARCHITECTURE.md "What is coming").
  }

  private sendRtp(payload: Buffer, marker: boolean): void {
    const transceiver: RTCRtpTransceiver | undefined = this.peerConnection.getTransceivers()[0];
    if (!transceiver) return;
    const header = new RtpHeader({
      payloadType: 111, // werift's sender stamps the negotiated payload type over it
      sequenceNumber: this.sequenceNumber,
      timestamp: this.timestamp,
      marker,
    });
    this.counters.packetsSent += 1;
    this.counters.bytesSent += payload.length;
    void transceiver.sender.sendRtp(new RtpPacket(header, payload)).catch((error: unknown) => {
      this.logger.debug({ tnx: 'media', error: String(error) }, 'sendRtp failed');
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Peer connection closed.');
  }
}

async function applyModifiers(
  description: RTCSessionDescriptionInit,
  modifiers?: SessionDescriptionHandlerModifier[],
): Promise<RTCSessionDescriptionInit> {
  let current = description;
  for (const modifier of modifiers ?? []) current = await modifier(current);
  return current;
}
