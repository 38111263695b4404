/**
 * Network changes during calls (issue 13, item 10): what the engine does when the connection to the
 * service drops and comes back, or the device changes network.
 *
 *   platform signal / transport / ICE        what happens
 *   ─────────────────────────────────        ──────────────────────────────────────────────────────
 *   offline                                  every answered call shows "Reconnecting…" (restart owed)
 *   online, network changed                  reconnect the transport now (skip the back-off), and
 *                                            restart ICE on every answered call (RFC 8445 §9)
 *   WebSocket dropped (registration lost)    calls owe a restart; the registration controller
 *                                            reconnects with back-off and REGISTERs again (RFC 5626
 *                                            §4.5: a new flow, the service moves the dialogs to it)
 *   registered again                         owed restarts go out (re-INVITE, calls/ice-restart.ts)
 *   ICE disconnected (lasting) / failed      that call restarts ICE
 *
 * The platform gives the signals (`NetworkSignals`; the browser's are `online`/`offline` events and
 * `navigator.connection` changes, web/browser-network-signals.ts); the engine stays environment-free.
 */
import type { Logger } from '../../../common/logger.js';
import { CallRecovery, type CallRecoveryOptions, type IceState } from './calls/ice-restart.js';
import type { RegistrationState } from './phone-engine-contract.js';

export type NetworkChange = 'offline' | 'online' | 'changed';

/** The platform's network events. */
export interface NetworkSignals {
  /** Calls `listener` at each change; returns the unsubscribe function. */
  subscribe(listener: (change: NetworkChange) => void): () => void;
}

export interface NetworkWatchOptions {
  readonly signals?: NetworkSignals;
  /** The registration controller's "try now" (skips the back-off wait). */
  readonly reconnectNow: () => void;
  readonly logger: Logger;
}

export type TrackOptions = Omit<CallRecoveryOptions, 'signallingUp' | 'logger'>;

/** What the engine's media handler exposes of its `RTCPeerConnection` (SIP.js Web handler: `peerConnection`). */
interface IcePeer {
  readonly iceConnectionState: string;
  addEventListener(type: 'iceconnectionstatechange', listener: () => void): void;
  removeEventListener(type: 'iceconnectionstatechange', listener: () => void): void;
}

function icePeerOf(handler: unknown): IcePeer | undefined {
  const pc = (handler as { peerConnection?: Partial<IcePeer> } | undefined)?.peerConnection;
  return pc && typeof pc.addEventListener === 'function' && typeof pc.iceConnectionState === 'string'
    ? (pc as IcePeer)
    : undefined;
}

export class NetworkWatch {
  private readonly calls = new Map<string, { recovery: CallRecovery; detach: () => void }>();
  private registered = false;
  /**
   * The platform says we are online. While offline nothing is sent: a re-INVITE written into a dying
   * socket would stay pending until its transaction times out (Timer B, 32 s, RFC 3261 §17.1.1.2)
   * and hold up the restart that matters once the network is back.
   */
  private online = true;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: NetworkWatchOptions) {
    this.unsubscribe = options.signals?.subscribe((change) => this.onNetwork(change)) ?? (() => undefined);
  }

  /** An answered call: follow its ICE state (from its media handler, when it has one) and recover it. */
  track(callId: string, mediaHandler: unknown, options: TrackOptions): void {
    if (this.calls.has(callId)) return;
    const recovery = new CallRecovery({
      ...options,
      signallingUp: () => this.registered && this.online,
      logger: this.options.logger.child({ call: callId }),
    });
    const pc = icePeerOf(mediaHandler);
    const onIce = (): void => recovery.iceChanged((pc?.iceConnectionState ?? 'new') as IceState);
    pc?.addEventListener('iceconnectionstatechange', onIce);
    if (pc) onIce();
    this.calls.set(callId, {
      recovery,
      detach: () => pc?.removeEventListener('iceconnectionstatechange', onIce),
    });
  }

  untrack(callId: string): void {
    const tracked = this.calls.get(callId);
    if (!tracked) return;
    tracked.recovery.stop();
    tracked.detach();
    this.calls.delete(callId);
  }

  /** The registration state changed: losing it means the transport dropped; regaining it, a new flow. */
  registrationChanged(state: RegistrationState): void {
    const was = this.registered;
    this.registered = state === 'registered';
    if (was && !this.registered) this.forEach((r) => r.lost('transport'));
    if (!was && this.registered) this.forEach((r) => r.signallingRestored());
  }

  dispose(): void {
    this.unsubscribe();
    for (const id of [...this.calls.keys()]) this.untrack(id);
  }

  private onNetwork(change: NetworkChange): void {
    this.options.logger.info({ tnx: 'network', change, calls: this.calls.size }, 'network changed');
    this.online = change !== 'offline';
    if (this.online) this.options.reconnectNow();
    // A new network path: every answered call needs new candidates (RFC 8445 §9).
    this.forEach((r) => r.lost(change));
  }

  private forEach(action: (recovery: CallRecovery) => void): void {
    for (const { recovery } of this.calls.values()) action(recovery);
  }
}
