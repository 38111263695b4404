/**
 * Location service (RFC 3261 §10, §16.5): the bindings of each address of record, each tied to the
 * flow its REGISTER arrived on (RFC 5626 ideas: WebSocket contacts like `sip:x@y.invalid` are not
 * routable, the flow is). Expired bindings disappear lazily on read and on `sweep()`.
 */

export interface Binding {
  /** Username of the address of record (`sip:username@domain`), lowercase. */
  readonly username: string;
  /** Identity of the binding: `+sip.instance` (RFC 5626 §4.1) when given, else the contact URI. */
  readonly key: string;
  /** Contact URI as a string (what the proxy puts in the Request-URI, §16.5). */
  readonly uri: string;
  /** The Contact field value to list in 200 OK, without its `expires` parameter. */
  readonly contact: string;
  readonly flowId: string;
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
}

export class BindingStore {
  private readonly byUser = new Map<string, Map<string, Binding>>();

  constructor(
    private readonly now: () => number,
    private readonly onChange: (username: string) => void,
  ) {}

  /** Live bindings of a user, oldest first. */
  list(username: string): Binding[] {
    this.purge(username);
    return [...(this.byUser.get(username)?.values() ?? [])];
  }

  get(username: string, key: string): Binding | undefined {
    this.purge(username);
    return this.byUser.get(username)?.get(key);
  }

  put(binding: Binding): void {
    let map = this.byUser.get(binding.username);
    if (!map) {
      map = new Map();
      this.byUser.set(binding.username, map);
    }
    map.set(binding.key, binding);
    this.onChange(binding.username);
  }

  remove(username: string, key: string): void {
    const map = this.byUser.get(username);
    if (map?.delete(key)) {
      if (map.size === 0) this.byUser.delete(username);
      this.onChange(username);
    }
  }

  removeAll(username: string): void {
    if (this.byUser.delete(username)) this.onChange(username);
  }

  /** Drops every binding that lives on a closed flow (RFC 5626 §7: a dead flow is no route). */
  removeFlow(flowId: string): void {
    for (const [username, map] of this.byUser) {
      let changed = false;
      for (const [key, b] of map) {
        if (b.flowId === flowId) changed = map.delete(key) || changed;
      }
      if (map.size === 0) this.byUser.delete(username);
      if (changed) this.onChange(username);
    }
  }

  /** A live binding whose contact URI is exactly `uri` (in-dialog requests without our Route). */
  findByUri(uri: string): Binding | undefined {
    for (const username of [...this.byUser.keys()]) {
      const hit = this.list(username).find((b) => b.uri === uri);
      if (hit) return hit;
    }
    return undefined;
  }

  sweep(): void {
    for (const username of [...this.byUser.keys()]) this.purge(username);
  }

  private purge(username: string): void {
    const map = this.byUser.get(username);
    if (!map) return;
    const t = this.now();
    let changed = false;
    for (const [key, b] of map) {
      if (b.expiresAt <= t) changed = map.delete(key) || changed;
    }
    if (map.size === 0) this.byUser.delete(username);
    if (changed) this.onChange(username);
  }
}
