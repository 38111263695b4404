/**
 * A media handler that does nothing but remember what the engine asked of it: for unit tests of
 * the phone engine's state machine (SIP.js's test suite uses the same idea).
 */
import type {
  BodyAndContentType,
  SessionDescriptionHandler,
  SessionDescriptionHandlerFactory,
  SessionDescriptionHandlerModifier,
} from 'sip.js';
import { FAKE_SDP } from './scripted-sip-server.js';

export class FakeSessionDescriptionHandler implements SessionDescriptionHandler {
  senderEnabled = true;
  closed = false;
  remoteSdp: string | undefined;
  constructor(private readonly failMedia: boolean) {}

  close(): void {
    this.closed = true;
  }
  async getDescription(
    _options?: unknown,
    modifiers?: SessionDescriptionHandlerModifier[],
  ): Promise<BodyAndContentType> {
    if (this.failMedia) throw new Error('NotAllowedError: Permission denied');
    // Like the real handlers, apply the engine's SDP modifiers to what we describe.
    let description: RTCSessionDescriptionInit = { type: 'offer', sdp: FAKE_SDP };
    for (const modifier of modifiers ?? []) description = await modifier(description);
    return { body: description.sdp ?? '', contentType: 'application/sdp' };
  }
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  async setDescription(sdp: string): Promise<void> {
    if (this.failMedia) throw new Error('NotAllowedError: Permission denied');
    this.remoteSdp = sdp;
  }
  sendDtmf(): boolean {
    return false;
  }
  enableSenderTracks(enable: boolean): void {
    this.senderEnabled = enable;
  }
}

/** A factory plus the handlers it made, newest last. */
export function fakeMedia(options: { failMedia?: boolean } = {}): {
  factory: SessionDescriptionHandlerFactory;
  handlers: FakeSessionDescriptionHandler[];
} {
  const handlers: FakeSessionDescriptionHandler[] = [];
  return {
    handlers,
    factory: () => {
      const handler = new FakeSessionDescriptionHandler(options.failMedia ?? false);
      handlers.push(handler);
      return handler;
    },
  };
}
