/**
 * REGISTER processing (RFC 3261 §10.3, steps 5–8), after authentication (step 3) by the caller.
 * Only the authenticated user may register their own address of record (step 4: 403 otherwise), and
 * never a Contact URI that another user's live binding already has (403: contact hijack).
 *
 * At most `maxBindingsPerUser` bindings per address of record (§10.3 step 4 lets the registrar refuse what
 * its policy forbids). A REGISTER that would add bindings past the cap is refused with
 * `403 Forbidden (Too Many Registrations)`; refreshes of existing bindings always pass. Refusing the new
 * one rather than dropping the oldest keeps the devices that work reachable: a client stuck in a loop of
 * fresh Contacts (or someone holding the password) cannot silently push the user's phones off, and the
 * device that is refused shows the reason.
 */
import { parseNameAddr } from '../../message/fast-grammar.js';
import type { HeaderField, SipMessage } from '../../message/sip-message.js';
import type { ParsedRequest } from '../../message/parse-message.js';
import type { BindingStore } from './binding-store.js';

export interface RegistrarOptions {
  readonly domain: string;
  readonly store: BindingStore;
  readonly now: () => number;
  /** Shortest accepted registration in seconds (423 below, §10.3 step 7); 60 by default. */
  readonly minExpires?: number;
  /** Longest granted registration in seconds (the registrar may shorten, §10.3 step 7); 3600. */
  readonly maxExpires?: number;
  /** Other names of this registrar (its listener addresses, which phones may use as their domain). */
  readonly isAlias?: (host: string) => boolean;
  /** Most bindings one user may hold (10 by default). */
  readonly maxBindingsPerUser?: number;
}

export type RegisterResult =
  | { readonly status: 200; readonly headers: HeaderField[] }
  | { readonly status: number; readonly reason?: string; readonly headers: HeaderField[] };

interface ContactUpdate {
  readonly key: string;
  readonly uri: string;
  readonly contact: string;
  readonly expires: number;
}

export class Registrar {
  private readonly minExpires: number;
  private readonly maxExpires: number;

  constructor(private readonly options: RegistrarOptions) {
    this.minExpires = options.minExpires ?? 60;
    this.maxExpires = options.maxExpires ?? 3600;
  }

  /** Applies an authenticated REGISTER that arrived on `flowId`. */
  register(
    request: ParsedRequest,
    flowId: string,
    authenticatedUser: string,
    credential?: string,
  ): RegisterResult {
    const { domain, store, now } = this.options;
    const aorUser = (request.to.uri.user ?? '').toLowerCase();
    const toHost = request.to.uri.host.toLowerCase();
    if ((toHost !== domain.toLowerCase() && !(this.options.isAlias?.(toHost) ?? false)) || aorUser === '') {
      return { status: 404, reason: 'Not Found (Domain Not Served)', headers: [] };
    }
    // §10.3 step 4: the authenticated identity must be allowed to register this AOR.
    if (aorUser !== authenticatedUser) {
      return { status: 403, reason: 'Forbidden (Not Your Address)', headers: [] };
    }
    const message: SipMessage = request.message;
    const contacts = message.getAll('Contact');
    const expiresField = message.get('Expires');
    if (expiresField !== undefined && !/^\d{1,10}$/.test(expiresField)) {
      return { status: 400, reason: 'Bad Expires', headers: [] };
    }
    const defaultExpires = expiresField !== undefined ? Number(expiresField) : 3600;

    // §10.3 step 6: "*" removes every binding, only with Expires: 0 and alone.
    if (contacts.includes('*')) {
      if (contacts.length !== 1 || expiresField === undefined || Number(expiresField) !== 0) {
        return { status: 400, reason: 'Bad Wildcard Contact', headers: [] };
      }
      for (const b of store.list(aorUser)) {
        if (b.callId === request.callId && request.cseq <= b.cseq) continue;
        store.remove(aorUser, b.key);
      }
      return this.ok(aorUser);
    }

    const updates: ContactUpdate[] = [];
    for (const value of contacts) {
      const contact = parseNameAddr(value);
      if (!contact) return { status: 400, reason: 'Bad Contact', headers: [] };
      const param = contact.getParam('expires') ?? undefined;
      if (param !== undefined && !/^\d{1,10}$/.test(param)) {
        return { status: 400, reason: 'Bad Contact Expires', headers: [] };
      }
      const requested = param !== undefined ? Number(param) : defaultExpires;
      if (requested !== 0 && requested < this.minExpires) {
        return { status: 423, headers: [{ name: 'Min-Expires', value: String(this.minExpires) }] };
      }
      contact.deleteParam('expires');
      // A contact another user already bound would make requests routed by contact ambiguous
      // (RFC 3261 §10.3 step 4 lets the registrar refuse what the user may not bind).
      if (requested !== 0 && store.boundToOtherUser(contact.uri, aorUser)) {
        return { status: 403, reason: 'Forbidden (Contact Bound To Another User)', headers: [] };
      }
      const uri = contact.uri.toString();
      const instance = contact.getParam('+sip.instance');
      const regId = contact.getParam('reg-id');
      updates.push({
        key: instance ? `${instance};${regId ?? ''}` : uri,
        uri,
        contact: contact.toString(),
        expires: Math.min(requested, this.maxExpires),
      });
    }

    // §10.3 step 7: same Call-ID with a CSeq not higher than the stored one is out of order.
    for (const u of updates) {
      const existing = store.get(aorUser, u.key);
      if (existing && existing.callId === request.callId && request.cseq <= existing.cseq) {
        return {
          status: 500,
          reason: 'Out Of Order REGISTER',
          headers: [{ name: 'Retry-After', value: '1' }],
        };
      }
    }
    const live = new Set(store.list(aorUser).map((b) => b.key));
    for (const u of updates) {
      if (u.expires === 0) live.delete(u.key);
      else live.add(u.key);
    }
    if (live.size > (this.options.maxBindingsPerUser ?? 10) && updates.some((u) => u.expires !== 0)) {
      const added = updates.some((u) => u.expires !== 0 && store.get(aorUser, u.key) === undefined);
      if (added) return { status: 403, reason: 'Forbidden (Too Many Registrations)', headers: [] };
    }
    for (const u of updates) {
      if (u.expires === 0) store.remove(aorUser, u.key);
      else {
        store.put({
          username: aorUser,
          key: u.key,
          uri: u.uri,
          contact: u.contact,
          flowId,
          expiresAt: now() + u.expires * 1000,
          callId: request.callId,
          cseq: request.cseq,
          ...(credential !== undefined ? { credential } : {}),
        });
      }
    }
    return this.ok(aorUser);
  }

  /** §10.3 step 8: 200 OK listing every current binding with its remaining lifetime. */
  private ok(username: string): RegisterResult {
    const t = this.options.now();
    const headers = this.options.store.list(username).map((b) => ({
      name: 'Contact',
      value: `${b.contact};expires=${Math.max(1, Math.round((b.expiresAt - t) / 1000))}`,
    }));
    return { status: 200, headers };
  }
}
