/**
 * Location service (RFC 3261 §10, §16.5): the bindings of each address of record, each tied to the
 * flow its REGISTER arrived on (RFC 5626 ideas: WebSocket contacts like `sip:x@y.invalid` are not
 * routable, the flow is). Expired bindings disappear lazily on read and on `sweep()`.
 */
import type { URI } from 'sip.js';
import { parseUri } from '../../message/fast-grammar.js';
import { sipUriEquals, sipUriEqualityClass } from '../../message/sip-uri-equality.js';
import { ownCopy } from '../../message/own-copy.js';
import { OneOrMany } from '../one-or-many.js';

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
  /**
   * Bindings of each user, oldest first. A user's few bindings share one entry (one-or-many.ts) rather
   * than a `Map` per user, and contact URIs are parsed again when compared rather than kept parsed: each
   * held registration costs ~0.6 kB less heap (bench/memory.ts, 2,000 registrations).
   */
  private readonly byUser = new OneOrMany<string, Binding>();
  /**
   * Bindings by the part of their contact URI that equal URIs always share (`sipUriEqualityClass`), so
   * `boundToOtherUser` looks at the few candidates instead of scanning every user on every REGISTER.
   */
  private readonly byContactClass = new OneOrMany<string, Binding>();
  /** Bindings by the flow they live on, so a closing flow finds its own without scanning every user. */
  private readonly byFlow = new OneOrMany<string, Binding>();

  constructor(
    private readonly now: () => number,
    private readonly onChange: (username: string) => void,
    /** A REGISTER stored `binding` (replacing `previous`, if any): flow succession (proxy/flow-succession.ts). */
    private readonly onBound?: (binding: Binding, previous: Binding | undefined) => void,
  ) {}

  /** Live bindings of a user, oldest first. */
  list(username: string): Binding[] {
    this.purge(username);
    return [...this.byUser.get(username)];
  }

  get(username: string, key: string): Binding | undefined {
    this.purge(username);
    return this.byUser.get(username).find((b) => b.key === key);
  }

  put(given: Binding): void {
    // Held for as long as the registration lives: own copies, not slices that keep the whole REGISTER.
    // A contact without `+sip.instance` is its own key: one string for both.
    const uri = ownCopy(given.uri);
    const binding: Binding = {
      ...given,
      username: this.byUser.has(given.username)
        ? this.byUser.get(given.username)[0]!.username
        : ownCopy(given.username),
      key: given.key === given.uri ? uri : ownCopy(given.key),
      uri,
      contact: ownCopy(given.contact),
      callId: ownCopy(given.callId),
    };
    const previous = this.byUser.get(binding.username).find((b) => b.key === binding.key);
    if (previous) {
      this.unindex(previous);
      this.byUser.replace(binding.username, previous, binding);
    } else this.byUser.add(binding.username, binding);
    this.index(binding);
    this.onBound?.(binding, previous);
    this.onChange(binding.username);
  }

  remove(username: string, key: string): void {
    const binding = this.byUser.get(username).find((b) => b.key === key);
    if (binding) {
      this.byUser.delete(username, binding);
      this.unindex(binding);
      this.onChange(username);
    }
  }

  removeAll(username: string): void {
    if (!this.byUser.has(username)) return;
    for (const binding of this.byUser.take(username)) this.unindex(binding);
    this.onChange(username);
  }

  /** Drops every binding that lives on a closed flow (RFC 5626 §7: a dead flow is no route); returns them. */
  removeFlow(flowId: string): Binding[] {
    const removed = [...this.byFlow.get(flowId)];
    for (const b of removed) {
      this.byUser.delete(b.username, b);
      this.unindex(b);
    }
    for (const u of new Set(removed.map((b) => b.username))) this.onChange(u);
    return removed;
  }

  /** Drops every binding made with the session token `credential` (sign-out); returns them. */
  removeCredential(credential: string): Binding[] {
    const removed: Binding[] = [];
    for (const username of [...this.byUser.keys()]) {
      for (const b of this.byUser.get(username).filter((x) => x.credential === credential)) {
        this.byUser.delete(username, b);
        this.unindex(b);
        removed.push(b);
      }
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
    for (const b of this.byContactClass.get(sipUriEqualityClass(uri))) {
      if (b.username === username || b.expiresAt <= t) continue;
      const parsed = parseUri(b.uri);
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
    for (const b of this.byContactClass.get(sipUriEqualityClass(parsed))) {
      if (b.expiresAt <= t) continue;
      const other = parseUri(b.uri);
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
    for (const username of this.byUser.keys()) n += this.byUser.count(username);
    return n;
  }

  private index(b: Binding): void {
    this.byFlow.add(b.flowId, b);
    const cls = contactClass(b);
    // Flat: the class is built from the parsed URI's parts, which it would otherwise keep alive.
    if (cls !== undefined) this.byContactClass.add(ownCopy(cls), b);
  }

  private unindex(b: Binding): void {
    this.byFlow.delete(b.flowId, b);
    const cls = contactClass(b);
    if (cls !== undefined) this.byContactClass.delete(cls, b);
  }

  private purge(username: string): void {
    const t = this.now();
    let changed = false;
    for (const b of [...this.byUser.get(username)]) {
      if (b.expiresAt > t) continue;
      this.byUser.delete(username, b);
      this.unindex(b);
      changed = true;
    }
    if (changed) this.onChange(username);
  }
}

/** The equality class of a binding's contact URI (undefined when it does not parse). */
function contactClass(b: Binding): string | undefined {
  const parsed = parseUri(b.uri);
  return parsed === undefined ? undefined : sipUriEqualityClass(parsed);
}

export { ownCopy } from '../../message/own-copy.js';
