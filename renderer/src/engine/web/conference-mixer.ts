/**
 * A three-way call mixed in the client (issue 13 "Merge calls"): each party hears us and every other
 * party. For each call we build a Web Audio mix of our microphone and the other calls' remote audio and
 * send it in place of the plain microphone track (`RTCRtpSender.replaceTrack`, no re-INVITE); we hear
 * every remote stream through its own unmuted `<audio>` element (Chromium decodes remote audio only for
 * an element that plays it: FIELD-NOTES).
 *
 *   mic ──┬──────────────► mix for A ──► sender A      remote A ─┬─► mix for B
 *         └──────────────► mix for B ──► sender B      remote B ─┴─► mix for A
 *
 * `stop()` puts each call's own microphone track back and releases the audio graph.
 */
import type { Web } from 'sip.js';
import type { ConferenceMix } from '../calls/conference.js';

type Handler = Web.SessionDescriptionHandler;

function audioSender(handler: Handler): RTCRtpSender | undefined {
  return handler.peerConnection?.getSenders().find((sender) => sender.track?.kind === 'audio');
}

export function mixConference(handlers: readonly Handler[], playing: HTMLAudioElement): ConferenceMix {
  const context = new AudioContext({ latencyHint: 'interactive' });
  void context.resume().catch(() => undefined);
  const senders = handlers.map(audioSender);
  const originals = senders.map((sender) => sender?.track ?? null);
  const micTrack = originals.find((track) => track !== null);
  const mic = micTrack ? context.createMediaStreamSource(new MediaStream([micTrack])) : undefined;
  const remotes = handlers.map((handler) => context.createMediaStreamSource(handler.remoteMediaStream));
  // Every remote stream must be played by an element; the page's element already plays one of them.
  const players = handlers
    .filter((handler) => playing.srcObject !== handler.remoteMediaStream)
    .map((handler) => {
      const element = new Audio();
      element.autoplay = true;
      element.srcObject = handler.remoteMediaStream;
      void element.play().catch(() => undefined);
      return element;
    });
  handlers.forEach((_handler, i) => {
    const mix = context.createMediaStreamDestination();
    mic?.connect(mix);
    remotes.forEach((remote, j) => {
      if (j !== i) remote.connect(mix);
    });
    const [track] = mix.stream.getAudioTracks();
    if (track && originals[i]) track.enabled = originals[i].enabled; // keeps mute as it was
    void senders[i]?.replaceTrack(track ?? null).catch(() => undefined);
  });
  return {
    stop() {
      senders.forEach((sender, i) => {
        if (sender && sender.track !== originals[i])
          void sender.replaceTrack(originals[i] ?? null).catch(() => undefined);
      });
      for (const element of players) {
        element.pause();
        element.srcObject = null;
      }
      void context.close().catch(() => undefined);
    },
  };
}
