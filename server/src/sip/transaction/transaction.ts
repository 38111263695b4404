/**
 * The base of every RFC 3261 §17 transaction machine: a state, the legal moves between states (one
 * `stateTransition()` that refuses the others), named timers that stop when the machine terminates,
 * and the flow it sends on. The four machines live in their own files:
 *
 *     invite-client-transaction.ts      §17.1.1 (+ RFC 6026 Accepted)   timers A, B, D, M
 *     non-invite-client-transaction.ts  §17.1.2                         timers E, F, K
 *     invite-server-transaction.ts      §17.2.1 (+ RFC 6026 Accepted)   timers G, H, I, L
 *     non-invite-server-transaction.ts  §17.2.2                         timer J
 */
import type { TransactionTimers } from './timers.js';

export type TransactionState =
  'calling' | 'trying' | 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

/** Where a transaction sends: the flow the request came on (server) or goes to (client). */
export interface TransactionChannel {
  /** UDP is unreliable: retransmission timers run only there (§17.1.1.2, §17.1.2.2). */
  readonly reliable: boolean;
  /** Returns false when the flow is gone (a transport error, §17.1.4, §17.2.4). */
  send(text: string): boolean;
}

export type TransitionTable = Readonly<Partial<Record<TransactionState, readonly TransactionState[]>>>;

export abstract class Transaction {
  private current: TransactionState;
  private readonly running = new Map<string, NodeJS.Timeout>();

  protected constructor(
    /** Client: the branch; server: the §17.2.3 matching key. */
    readonly id: string,
    protected readonly channel: TransactionChannel,
    protected readonly timers: TransactionTimers,
    initial: TransactionState,
    private readonly transitions: TransitionTable,
    private readonly onTerminated: (t: Transaction) => void,
  ) {
    this.current = initial;
  }

  get state(): TransactionState {
    return this.current;
  }

  /** Timers running now (introspection). */
  get timerCount(): number {
    return this.running.size;
  }

  /** Every state change goes through here; a move the RFC diagram does not draw is a bug. */
  protected stateTransition(to: TransactionState): void {
    const allowed = this.transitions[this.current] ?? [];
    if (!allowed.includes(to)) throw new Error(`illegal transaction move ${this.current} → ${to}`);
    this.current = to;
    if (to === 'terminated') {
      for (const t of this.running.values()) clearTimeout(t);
      this.running.clear();
      this.onTerminated(this);
    }
  }

  /** Starts (or restarts) a named timer; a zero duration fires at once (J, K, D, I on reliable flows). */
  protected startTimer(name: string, ms: number, fire: () => void): void {
    this.stopTimer(name);
    if (ms <= 0) {
      fire();
      return;
    }
    const t = setTimeout(() => {
      this.running.delete(name);
      if (this.current !== 'terminated') fire();
    }, ms);
    t.unref();
    this.running.set(name, t);
  }

  protected stopTimer(name: string): void {
    const t = this.running.get(name);
    if (t) clearTimeout(t);
    this.running.delete(name);
  }

  /** Retransmits `text` at `first`, 2·first, 4·first ... capped at `cap` (Timers A, E, G). */
  protected retransmit(name: string, text: string, first: number, cap: number): void {
    let interval = first;
    const tick = (): void => {
      this.channel.send(text);
      interval = Math.min(interval * 2, cap);
      this.startTimer(name, interval, tick);
    };
    this.startTimer(name, interval, tick);
  }

  /** Ends the machine now, whatever its state (service shutdown). */
  terminate(): void {
    if (this.current === 'terminated') return;
    this.current = 'terminated';
    for (const t of this.running.values()) clearTimeout(t);
    this.running.clear();
    this.onTerminated(this);
  }
}
