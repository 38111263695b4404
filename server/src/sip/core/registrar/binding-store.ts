/**
 * Location service (RFC 3261 §10, §16.5): the bindings of each address of record, each tied to the
 * flow its REGISTER arrived on (RFC 5626 ideas: WebSocket contacts like `sip:x@y.invalid` are not
 * routable, the flow is). Expired bindings disappear lazily on read and on `sweep()`.
 */
import type { URI } from 'sip.js';
import { parseUri } from '../../message/fast-grammar.js';
import { sipUriEquals, sipUriEqualityClass } from '../../message/sip-uri-equality.js';

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
  /** Id of the session token the REGISTER was authenticated with; the binding ends when it is revoked. */
  readonly credential?: string;
}

export class BindingStore {
  private readonly byUser = new Map<string, Map<string, Binding>>();
  /** Parsed contact URIs, so equality checks do not reparse every binding on every REGISTER. */
  private readonly uris = new WeakMap<Binding, URI | undefined>();
  /**
   * Bindings by the part of their contact URI that equal URIs always share (`sipUriEqualityClass`), so
   * `boundToOtherUser` looks at the few candidates instead of scanning every user on every REGISTER.
   */
  private readonly byContactClass = new Map<string, Set<Binding>>();
  /** Bindings by the flow they live on, so a closing flow finds its own without scanning every user. */
  private readonly byFlow = new Map<string, Set<Binding>>();

  constructor(
    private readonly now: () => number,
    private readonly onChange: (username: string) => void,
    /** A REGISTER stored `binding` (replacing `previous`, if any): flow succession (proxy/flow-succession.ts). */
    private readonly onBound?: (binding: Binding, previous: Binding | undefined) => void,
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

  put(given: Binding): void {
    // Held for as long as the registration lives: own copies, not slices that keep the whole REGISTER.
    const binding: Binding = {
      ...given,
      username: ownCopy(given.username),
      key: ownCopy(given.key),
      uri: ownCopy(given.uri),
      contact: ownCopy(given.contact),
      callId: ownCopy(given.callId),
    };
    let map = this.byUser.get(binding.username);
    if (!map) {
      map = new Map();
      this.byUser.set(binding.username, map);
    }
    const previous = map.get(binding.key);
    if (previous) this.unindex(previous);
    map.set(binding.key, binding);
    this.index(binding);
    this.onBound?.(binding, previous);
    this.onChange(binding.username);
  }

  remove(username: string, key: string): void {
    const map = this.byUser.get(username);
    const binding = map?.get(key);
    if (map && binding) {
      map.delete(key);
      this.unindex(binding);
      if (map.size === 0) this.byUser.delete(username);
      this.onChange(username);
    }
  }

  removeAll(username: string): void {
    const map = this.byUser.get(username);
    if (!map) return;
    for (const binding of map.values()) this.unindex(binding);
    this.byUser.delete(username);
    this.onChange(username);
  }

  /** Drops every binding that lives on a closed flow (RFC 5626 §7: a dead flow is no route); returns them. */
  removeFlow(flowId: string): Binding[] {
    const removed = [...(this.byFlow.get(flowId) ?? [])];
    for (const b of removed) {
      const map = this.byUser.get(b.username);
      if (map?.get(b.key) === b) map.delete(b.key);
      this.unindex(b);
      if (map?.size === 0) this.byUser.delete(b.username);
    }
    for (const u of new Set(removed.map((b) => b.username))) this.onChange(u);
    return removed;
  }

  /** Drops every binding made with the session token `credential` (sign-out); returns them. */
  removeCredential(credential: string): Binding[] {
    const removed: Binding[] = [];
    for (const [username, map] of this.byUser) {
      for (const [key, b] of map) {
        if (b.credential !== credential) continue;
        map.delete(key);
        this.unindex(b);
        removed.push(b);
      }
      if (map.size === 0) this.byUser.delete(username);
    }
    for (const u of new Set(removed.map((b) => b.username))) this.onChange(u);
    return removed;
  }

  /**
   * A live binding of a user other than `username` whose contact URI equals `uri` (RFC 3261 §19.1.4).
   * The registrar refuses such a REGISTER: two users sharing a contact would make in-dialog requests
   * that lack our routing token ambiguous (`findByUri` takes the first match).
   */
  boundToOtherUser(uri: URI, username: string): Binding | undefined {
    const t = this.now();
    for (const b of this.byContactClass.get(sipUriEqualityClass(uri)) ?? []) {
      if (b.username === username || b.expiresAt <= t) continue;
      const parsed = this.parsed(b);
      if (parsed !== undefined && sipUriEquals(parsed, uri)) return b;
    }
    return undefined;
  }

  /**
   * A live binding whose contact URI equals `uri` (RFC 3261 §19.1.4: parameters only one side has, such
   * as the `;ob` SIP.js adds to some Contacts, are ignored), for in-dialog requests without our Route.
   */
  findByUri(uri: string): Binding | undefined {
    const parsed = parseUri(uri);
    if (parsed === undefined) return undefined;
    const t = this.now();
    for (const b of this.byContactClass.get(sipUriEqualityClass(parsed)) ?? []) {
      if (b.expiresAt <= t) continue;
      const other = this.parsed(b);
      if (other !== undefined && sipUriEquals(other, parsed)) return b;
    }
    return undefined;
  }

  sweep(): void {
    for (const username of [...this.byUser.keys()]) this.purge(username);
  }

  /** Bindings held for every user, expired ones not yet swept included (introspection). */
  get total(): number {
    let n = 0;
    for (const map of this.byUser.values()) n += map.size;
    return n;
  }

  private index(b: Binding): void {
    let mine = this.byFlow.get(b.flowId);
    if (!mine) {
      mine = new Set();
      this.byFlow.set(b.flowId, mine);
    }
    mine.add(b);
    const parsed = this.parsed(b);
    if (parsed === undefined) return;
    const cls = sipUriEqualityClass(parsed);
    let set = this.byContactClass.get(cls);
    if (!set) {
      set = new Set();
      this.byContactClass.set(cls, set);
    }
    set.add(b);
  }

  private unindex(b: Binding): void {
    const mine = this.byFlow.get(b.flowId);
    if (mine?.delete(b) && mine.size === 0) this.byFlow.delete(b.flowId);
    const parsed = this.parsed(b);
    if (parsed === undefined) return;
    const cls = sipUriEqualityClass(parsed);
    const set = this.byContactClass.get(cls);
    if (set?.delete(b) && set.size === 0) this.byContactClass.delete(cls);
  }

  private parsed(b: Binding): URI | undefined {
    if (!this.uris.has(b)) this.uris.set(b, parseUri(b.uri));
    return this.uris.get(b);
  }

  private purge(username: string): void {
    const map = this.byUser.get(username);
    if (!map) return;
    const t = this.now();
    let changed = false;
    for (const [key, b] of map) {
      if (b.expiresAt > t) continue;
      map.delete(key);
      this.unindex(b);
      changed = true;
    }
    if (map.size === 0) this.byUser.delete(username);
    if (changed) this.onChange(username);
  }
}

/**
 * A flat copy of `s` that shares no memory with the message it was cut from. V8 keeps a substring of 13
 * characters or more as a view into its parent (the whole parsed message) and a concatenation as a tree
 * of its parts, so a short field kept for an hour would otherwise hold the full message text (~600 bytes
 * per registration, measured with bench/memory.ts).
 */
export function ownCopy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}
