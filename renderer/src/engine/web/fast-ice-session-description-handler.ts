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
 */
import { Web } from 'sip.js';

type Constructor = ConstructorParameters<typeof Web.SessionDescriptionHandler>;

export class FastIceSessionDescriptionHandler extends Web.SessionDescriptionHandler {
  private usableCandidateSeen = false;
  private readonly wantsServerCandidate: boolean;

  constructor(logger: Constructor[0], mediaStreamFactory: Constructor[1], configuration?: Constructor[2]) {
    super(logger, mediaStreamFactory, configuration);
    const servers = configuration?.peerConnectionConfiguration?.iceServers ?? [];
    this.wantsServerCandidate = servers.length > 0;
    // addEventListener, not `onicecandidate`: SIP.js owns that property.
    this.peerConnection?.addEventListener('icecandidate', (event) => {
      const candidate = event.candidate;
      if (!candidate || this.usableCandidateSeen || !this.isUsable(candidate)) return;
      this.usableCandidateSeen = true;
      // Next task: candidates gathered in the same burst (other interfaces) still make it in.
      setTimeout(() => this.iceGatheringComplete(), 0);
    });
  }

  protected override waitForIceGatheringComplete(restart = false, timeout = 0): Promise<void> {
    if (restart) this.usableCandidateSeen = false;
    else if (this.usableCandidateSeen) return Promise.resolve();
    return super.waitForIceGatheringComplete(restart, timeout);
  }

  private isUsable(candidate: RTCIceCandidate): boolean {
    const type = candidate.type ?? /\btyp (\w+)/.exec(candidate.candidate)?.[1];
    return this.wantsServerCandidate ? type === 'srflx' || type === 'relay' : type === 'host';
  }
}
