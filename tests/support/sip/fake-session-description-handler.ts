/**
 * A SessionDescriptionHandler for signalling-only tests: offers and answers a fixed SDP, no media.
 * (Real werift media is the engine's business: tests/support/engine.)
 */
import type { BodyAndContentType, SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';

export const STATIC_SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=rtpmap:111 opus/48000/2',
  'a=sendrecv',
  '',
].join('\r\n');

export class FakeSessionDescriptionHandler implements SessionDescriptionHandler {
  remote: string | undefined;
  closed = false;

  close(): void {
    this.closed = true;
  }

  async getDescription(): Promise<BodyAndContentType> {
    return { body: STATIC_SDP, contentType: 'application/sdp' };
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  async setDescription(sdp: string): Promise<void> {
    this.remote = sdp;
  }

  sendDtmf(): boolean {
    return false;
  }
}

export const fakeSessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory = () =>
  new FakeSessionDescriptionHandler();
