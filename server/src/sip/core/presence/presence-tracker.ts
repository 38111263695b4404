/**
 * Presence as the SIP room sees it: offline (no binding), online (≥ 1 binding), ringing (an INVITE to
 * the user is being forwarded: from routing until its final response), on-call (party to a confirmed
 * INVITE dialog: from the 2xx until BYE or until one of its flows closes). on-call wins over ringing.
 */
import type { PresenceStatus } from '../../../../../common/api-types.js';
import { ownCopy } from '../../message/own-copy.js';

interface DialogEntry {
  readonly users: readonly string[];
  readonly flows: readonly string[];
}

/**
 * Most confirmed dialogs remembered. A dialog ends with its BYE or its flow; a UDP phone's BYE that
 * never arrives would keep one for ever, so past the cap the oldest is forgotten.
 */
export const MAX_DIALOGS = 100_000;

export class PresenceTracker {
  private readonly dialogs = new Map<string, DialogEntry>();
  /** INVITEs ringing: server transaction id → callee. */
  private readonly ringing = new Map<string, string>();
  private readonly listeners = new Set<(username: string) => void>();

  constructor(
    private readonly bindingCount: (username: string) => number,
    private readonly maxDialogs = MAX_DIALOGS,
  ) {}

  presenceOf(username: string): PresenceStatus {
    const user = username.toLowerCase();
    for (const d of this.dialogs.values()) if (d.users.includes(user)) return 'on-call';
    for (const callee of this.ringing.values()) if (callee === user) return 'ringing';
    return this.bindingCount(user) > 0 ? 'online' : 'offline';
  }

  onChange(listener: (username: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(username: string): void {
    for (const l of [...this.listeners]) {
      try {
        l(username);
      } catch {
        // a listener's failure is its own business
      }
    }
  }

  /** An INVITE to `callee` is being forwarded to their devices (`id`: its server transaction). */
  ringStarted(id: string, callee: string): void {
    const user = callee.toLowerCase();
    if (this.ringing.get(id) === user) return;
    this.ringing.set(id, user);
    this.emit(user);
  }

  /** The INVITE got its final response (answered, refused, cancelled, diverted). */
  ringEnded(id: string): void {
    const user = this.ringing.get(id);
    if (user === undefined) return;
    this.ringing.delete(id);
    this.emit(user);
  }

  dialogConfirmed(
    callId: string,
    tagA: string,
    tagB: string,
    users: readonly string[],
    flows: readonly string[],
  ): void {
    const key = dialogKey(callId, tagA, tagB);
    if (this.dialogs.has(key)) return;
    if (this.dialogs.size >= this.maxDialogs) {
      const [oldest, d] = this.dialogs.entries().next().value ?? [];
      if (oldest !== undefined && d !== undefined) {
        this.dialogs.delete(oldest);
        for (const u of new Set(d.users)) this.emit(u);
      }
    }
    // Held while the call lasts: a flat key, not a tree over the Call-ID's view into the INVITE.
    this.dialogs.set(ownCopy(key), { users: users.map((u) => ownCopy(u.toLowerCase())), flows });
    for (const u of new Set(users)) this.emit(u.toLowerCase());
  }

  dialogEnded(callId: string, tagA: string, tagB: string): void {
    const key = dialogKey(callId, tagA, tagB);
    const d = this.dialogs.get(key);
    if (!d) return;
    this.dialogs.delete(key);
    for (const u of new Set(d.users)) this.emit(u);
  }

  flowClosed(flowId: string): void {
    for (const [key, d] of this.dialogs) {
      if (!d.flows.includes(flowId)) continue;
      this.dialogs.delete(key);
      for (const u of new Set(d.users)) this.emit(u);
    }
  }

  /** Whether an INVITE dialog with these identifiers was confirmed and has not ended. */
  hasDialog(callId: string, tagA: string, tagB: string): boolean {
    return this.dialogs.has(dialogKey(callId, tagA, tagB));
  }

  get dialogCount(): number {
    return this.dialogs.size;
  }

  /** INVITEs ringing now (introspection). */
  get ringingCount(): number {
    return this.ringing.size;
  }
}

function dialogKey(callId: string, tagA: string, tagB: string): string {
  return [callId, ...[tagA, tagB].sort()].join('\n');
}
