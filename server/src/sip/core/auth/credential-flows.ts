/**
 * Which flows authenticated requests with which session token (the `credential` of an authentication
 * outcome), so that revoking the token (sign-out) can end at once everything made with it: the
 * registrations, and the subscriptions and dialogs that live on those flows. Entries go with their flow.
 *
 * Nearly every flow holds one token and a token a few flows: both directions are one-or-many maps, not a
 * `Set` per key (~0.3 kB less per held registration, bench/memory.ts).
 */
import { OneOrMany } from '../one-or-many.js';

export class CredentialFlows {
  private readonly flowsByCredential = new OneOrMany<string, string>();
  private readonly credentialsByFlow = new OneOrMany<string, string>();

  /** Flows holding a noted credential (introspection). */
  get size(): number {
    return this.credentialsByFlow.size;
  }

  note(credential: string, flowId: string): void {
    // Every authenticated request notes its flow again: keep one entry per pair.
    if (this.credentialsByFlow.get(flowId).includes(credential)) return;
    this.flowsByCredential.add(credential, flowId);
    this.credentialsByFlow.add(flowId, credential);
  }

  /** The flows that used `credential`, forgotten from here. */
  take(credential: string): string[] {
    const flows = [...this.flowsByCredential.take(credential)];
    for (const f of flows) this.credentialsByFlow.delete(f, credential);
    return flows;
  }

  flowClosed(flowId: string): void {
    for (const c of this.credentialsByFlow.take(flowId)) this.flowsByCredential.delete(c, flowId);
  }
}
