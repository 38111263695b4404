/**
 * Which flows authenticated requests with which session token (the `credential` of an authentication
 * outcome), so that revoking the token (sign-out) can end at once everything made with it: the
 * registrations, and the subscriptions and dialogs that live on those flows. Entries go with their flow.
 */
export class CredentialFlows {
  private readonly flowsByCredential = new Map<string, Set<string>>();
  private readonly credentialsByFlow = new Map<string, Set<string>>();

  /** Flows holding a noted credential (introspection). */
  get size(): number {
    return this.credentialsByFlow.size;
  }

  note(credential: string, flowId: string): void {
    add(this.flowsByCredential, credential, flowId);
    add(this.credentialsByFlow, flowId, credential);
  }

  /** The flows that used `credential`, forgotten from here. */
  take(credential: string): string[] {
    const flows = [...(this.flowsByCredential.get(credential) ?? [])];
    this.flowsByCredential.delete(credential);
    for (const f of flows) this.credentialsByFlow.get(f)?.delete(credential);
    return flows;
  }

  flowClosed(flowId: string): void {
    for (const c of this.credentialsByFlow.get(flowId) ?? []) {
      const set = this.flowsByCredential.get(c);
      set?.delete(flowId);
      if (set?.size === 0) this.flowsByCredential.delete(c);
    }
    this.credentialsByFlow.delete(flowId);
  }
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}
