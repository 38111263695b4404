/**
 * SIP.js's Web `SessionDescriptionHandler`, but it never waits out ICE gathering.
 *
 * SIP has no trickle ICE here, so SIP.js waits for gathering to complete before it sends the offer
 * or answer (≈125 ms host-only in Chromium, up to 5 s with an unreachable STUN server). We release
 * the description through SIP.js's public `iceGatheringComplete()` hook as soon as it holds a
 * candidate the peer can use (FIELD-NOTES, SIP.js section: dial → first RTP ≈ 93 ms on loopback):
 * - no ICE servers configured (loopback/LAN): the first host candidate;
 * - STUN/TURN configured: the first server-reflexive or relay candidate, because host candidates
 *   alone give one-way audio behind NAT; the configured gathering timeout caps the wait.
 * After an ICE restart (RFC 8445 §9: a new ice-ufrag, ours or the peer's offer) the new generation's
 * first usable candidate is awaited again, so an answer to a restart carries fresh candidates too.
 */
import { Web } from 'sip.js';

type Constructor = ConstructorParameters<typeof Web.SessionDescriptionHandler>;

export class FastIceSessionDescriptionHandler extends Web.SessionDescriptionHandler {
  private usableCandidateSeen = false;
  /** The ICE username fragment (generation) of the usable candidate seen. */
  private usableUfrag: string | undefined;
  private readonly wantsServerCandidate: boolean;

  constructor(logger: Constructor[0], mediaStreamFactory: Constructor[1], configuration?: Constructor[2]) {
    super(logger, mediaStreamFactory, configuration);
    const servers = configuration?.peerConnectionConfiguration?.iceServers ?? [];
    this.wantsServerCandidate = servers.length > 0;
    // addEventListener, not `onicecandidate`: SIP.js owns that property.
    this.peerConnection?.addEventListener('icecandidate', (event) => {
      const candidate = event.candidate;
      if (!candidate || !this.isUsable(candidate)) return;
      const ufrag = candidate.usernameFragment ?? undefined;
      if (this.usableCandidateSeen && ufrag === this.usableUfrag) return;
      this.usableCandidateSeen = true;
      this.usableUfrag = ufrag;
      // Next task: candidates gathered in the same burst (other interfaces) still make it in.
      setTimeout(() => this.iceGatheringComplete(), 0);
    });
  }

  protected override waitForIceGatheringComplete(restart = false, timeout = 0): Promise<void> {
    const ufrag = /a=ice-ufrag:(\S+)/.exec(this.peerConnection?.localDescription?.sdp ?? '')?.[1];
    // A usable candidate of the generation in our description is already there: go.
    const current = this.usableCandidateSeen && (ufrag === undefined || ufrag === this.usableUfrag);
    if (current) return Promise.resolve();
    const newGeneration = restart || (this.usableCandidateSeen && ufrag !== this.usableUfrag);
    if (newGeneration) this.usableCandidateSeen = false;
    return super.waitForIceGatheringComplete(newGeneration, timeout);
  }

  private isUsable(candidate: RTCIceCandidate): boolean {
    const type = candidate.type ?? /\btyp (\w+)/.exec(candidate.candidate)?.[1];
    return this.wantsServerCandidate ? type === 'srflx' || type === 'relay' : type === 'host';
  }
}
