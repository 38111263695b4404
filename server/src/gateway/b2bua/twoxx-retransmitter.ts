/**
 * RFC 3261 §13.3.1.4: the UAS core retransmits its 2xx to INVITE, T1 doubling up to T2, until the ACK
 * arrives or 64·T1 has passed (the first copy is the caller's to send) — the transaction layer does not (the proxy forwards each copy, and a UDP
 * phone behind it may have lost the first one).
 */
export class TwoxxRetransmitter {
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();

  constructor(
    private readonly resend: () => void,
    private readonly t1 = 500,
    private readonly t2 = 4000,
  ) {
    this.arm(t1);
  }

  private arm(interval: number): void {
    this.timer = setTimeout(() => {
      if (Date.now() - this.started >= 64 * this.t1) return;
      this.resend();
      this.arm(Math.min(interval * 2, this.t2));
    }, interval);
    this.timer.unref();
  }

  /** The ACK came (or the call ended). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
