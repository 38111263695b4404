/**
 * Flow succession: a user agent that lost its connection and registered again on a new one takes its
 * dialogs along, so the Record-Route flow tokens of calls set up over the old connection
 * (flow-token.ts) lead to the new connection.
 *
 * RFC 5626 names a UA instance by `+sip.instance` (§4.1) and has it register again on a new flow
 * after a flow failure (§4.5, "Flow Recovery"); the registrar then replaces the binding of the same
 * instance (§6). For requests inside dialogs, §5.3 routes by the flow token and answers 430 (Flow
 * Failed) when the flow is dead — the dialog's route set cannot change (RFC 3261 §12.2.1.2: a
 * target refresh updates only the remote target), so a call would be lost with every reconnect.
 * This module is the small extension a WebSocket service needs instead: when the SAME user
 * registers the SAME binding (instance, or contact URI when the UA sends no instance) on a new flow,
 * the old flow is "succeeded" by the new one, and tokens naming the old flow are read as naming
 * the new one (RFC 5626 §5.2: the token identifies the flow the proxy forwards to; here that
 * flow's successor).
 *
 * Safety: only an authenticated REGISTER of the same user with the same binding key records a
 * successor (a stranger cannot pull someone's dialogs onto their own connection without their
 * password), and a closed flow waits for its successor only `graceMs`.
 */

export interface SuccessionBinding {
  readonly username: string;
  /** `+sip.instance` when given, else the contact URI (binding-store.ts `Binding.key`). */
  readonly key: string;
  readonly flowId: string;
}

/** How long a closed flow's bindings wait for the same UA to register again (ms). */
export const SUCCESSION_GRACE_MS = 120_000;
/** Longest chain followed (a UA that reconnected this many times within one call). */
const MAX_HOPS = 16;

export class FlowSuccession {
  /** Bindings of closed flows, waiting for their UA to come back: `user\nkey` → old flow. */
  private readonly orphans = new Map<string, { readonly flowId: string; readonly until: number }>();
  /** Old flow → the flow that succeeded it. */
  private readonly next = new Map<string, { readonly flowId: string; readonly until: number }>();

  constructor(
    private readonly now: () => number,
    private readonly graceMs = SUCCESSION_GRACE_MS,
  ) {}

  /** The bindings that lived on a flow that just closed (the registrar removed them). */
  flowClosed(bindings: readonly SuccessionBinding[]): void {
    const until = this.now() + this.graceMs;
    // Expired entries go in `sweep()` (the service's sweeper), not here: a sweep per closing flow made
    // closing N connections cost N² (every orphan scanned for every flow).
    for (const b of bindings) this.orphans.set(slot(b), { flowId: b.flowId, until });
  }

  /**
   * A REGISTER stored `binding` (replacing `previous` of the same user and key, if any): when the
   * same binding lived on another flow, that flow is succeeded by this one (RFC 5626 §6 replaces the
   * binding of an instance that registers again).
   */
  bound(binding: SuccessionBinding, previous?: SuccessionBinding): void {
    const key = slot(binding);
    const orphan = this.orphans.get(key);
    this.orphans.delete(key);
    const t = this.now();
    const old = previous?.flowId ?? (orphan && orphan.until > t ? orphan.flowId : undefined);
    if (old === undefined || old === binding.flowId) return;
    // Kept as long as a dialog may still use the old token; refreshed by every new succession.
    this.next.set(old, { flowId: binding.flowId, until: t + this.graceMs * 30 });
  }

  /** The live end of a chain of successions starting at `flowId` (itself when none). */
  current(flowId: string): string {
    let id = flowId;
    const t = this.now();
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const step = this.next.get(id);
      if (!step || step.until <= t) return id;
      id = step.flowId;
    }
    return id;
  }

  /** Orphaned bindings and successions remembered (introspection). */
  get size(): number {
    return this.orphans.size + this.next.size;
  }

  /** Forgets expired entries (also run by the service's sweeper, so an idle table empties). */
  sweep(): void {
    const t = this.now();
    for (const [k, v] of this.orphans) if (v.until <= t) this.orphans.delete(k);
    for (const [k, v] of this.next) if (v.until <= t) this.next.delete(k);
  }
}

function slot(b: SuccessionBinding): string {
  return `${b.username}\n${b.key}`;
}
