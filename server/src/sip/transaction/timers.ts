/**
 * Timer values of RFC 3261 §17 in one place (https://www.rfc-editor.org/rfc/rfc3261#appendix-A).
 * T1 is the round-trip estimate, T2 the longest non-INVITE retransmission interval, T4 the time a
 * message may stay in the network. On reliable transports (WS, TCP, TLS) nothing is retransmitted and
 * the "absorb retransmissions" waits (D, I, J, K) are zero (§17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2).
 */
export interface TimerSettings {
  /** RTT estimate, 500 ms by default. Tests shorten it so Timer B/F/H (64·T1) end quickly. */
  readonly t1: number;
  /** Cap of the non-INVITE and 2xx retransmission interval, 4 s. */
  readonly t2: number;
  /** Maximum duration a message remains in the network, 5 s. */
  readonly t4: number;
}

export const DEFAULT_TIMERS: TimerSettings = { t1: 500, t2: 4000, t4: 5000 };

/** Every timer of §17 for one transaction, derived from T1/T2/T4 and whether the transport is reliable. */
export interface TransactionTimers {
  /** INVITE client retransmission start (doubles each time); unreliable only. */
  readonly A: number;
  /** INVITE client gives up: 64·T1. */
  readonly B: number;
  /** INVITE client absorbs retransmitted finals: > 32 s unreliable, 0 reliable. */
  readonly D: number;
  /** Non-INVITE client retransmission start (doubles up to T2); unreliable only. */
  readonly E: number;
  /** Non-INVITE client gives up: 64·T1. */
  readonly F: number;
  /** INVITE server final-response retransmission start (doubles up to T2); unreliable only. */
  readonly G: number;
  /** INVITE server waits for the ACK: 64·T1. */
  readonly H: number;
  /** INVITE server absorbs ACK retransmissions: T4 unreliable, 0 reliable. */
  readonly I: number;
  /** Non-INVITE server absorbs request retransmissions: 64·T1 unreliable, 0 reliable. */
  readonly J: number;
  /** Non-INVITE client absorbs response retransmissions: T4 unreliable, 0 reliable. */
  readonly K: number;
  /** RFC 6026 §8.7: INVITE server stays Accepted (forwards 2xx retransmissions) 64·T1. */
  readonly L: number;
  /** RFC 6026 §8.4: INVITE client stays Accepted (passes 2xx retransmissions up) 64·T1. */
  readonly M: number;
  /** T2, the cap of the doubling intervals. */
  readonly T2: number;
}

export function transactionTimers(settings: TimerSettings, reliable: boolean): TransactionTimers {
  const { t1, t2, t4 } = settings;
  return {
    A: t1,
    B: 64 * t1,
    // §17.1.1.2: "at least 32 seconds for unreliable transports"; scaled with T1 so tests can shorten it.
    D: reliable ? 0 : Math.max(64 * t1, 0),
    E: t1,
    F: 64 * t1,
    G: t1,
    H: 64 * t1,
    I: reliable ? 0 : t4,
    J: reliable ? 0 : 64 * t1,
    K: reliable ? 0 : t4,
    L: 64 * t1,
    M: 64 * t1,
    T2: t2,
  };
}
