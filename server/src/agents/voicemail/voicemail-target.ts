/**
 * Whose voicemail a call is for. The proxy retargets an unanswered / busy / declined / offline INVITE to
 * the agent and says who was called, in one of these ways (checked in this order):
 * 1. RFC 4458 §3.1: a `target` parameter on the Request-URI (`sip:voicemail@d;target=sip:bob%40d;cause=486`);
 * 2. RFC 7044 History-Info: the last entry that is not the agent itself (entries sorted by `index`);
 * 3. RFC 5806 Diversion: the top-most header (the last user who diverted the call);
 * 4. the Request-URI user, when it is not the agent's own user or contact;
 * 5. the To user (a proxy retargeting does not change To, RFC 3261 §16.5), when it is not the agent.
 */
import { Grammar } from 'sip.js';

export interface TargetRequest {
  readonly requestUri: string;
  readonly to: string;
  /** Raw values of every header line with this name, in message order. */
  getHeaders(name: string): string[];
}

export interface VoicemailTarget {
  readonly user: string;
  readonly source: 'target-param' | 'history-info' | 'diversion' | 'request-uri' | 'to';
  /** `cause` (RFC 4458) or `reason` (RFC 5806) when given, e.g. `486` or `no-answer`. */
  readonly cause?: string;
}

/** Splits a header value on commas that are outside `<…>` and quotes. */
export function splitHeaderList(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '<') depth += 1;
    else if (!quoted && c === '>') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(value.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}

interface Entry {
  readonly uri: string;
  readonly params: Map<string, string>;
}

/** `"Bob" <sip:bob@d>;index=1;reason=x` → uri and header params. */
function parseEntry(entry: string): Entry | undefined {
  const match = /<([^>]*)>(.*)$/.exec(entry) ?? /^\s*([^;\s]+)(.*)$/.exec(entry);
  if (!match) return undefined;
  const params = new Map<string, string>();
  for (const p of (match[2] ?? '').split(';')) {
    const [k, v] = p.split('=');
    if (k?.trim()) params.set(k.trim().toLowerCase(), (v ?? '').trim().replace(/^"|"$/g, ''));
  }
  return { uri: match[1]!.trim(), params };
}

/** The user part, already unescaped by the SIP grammar (decoding again would turn `%25ff` into a throw). */
function userOf(uri: string): string | undefined {
  const parsed = Grammar.URIParse(uri);
  if (!parsed || (parsed as unknown) === -1) return undefined; // Grammar returns null (or -1) on failure
  const user = parsed.user;
  return user ? user.toLowerCase() : undefined;
}

/** `decodeURIComponent` that answers `undefined` for a malformed escape instead of throwing. */
function decodeParam(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** A URI parameter of the Request-URI (raw, undecoded). */
function uriParam(uri: string, name: string): string | undefined {
  const withoutHeaders = uri.split('?')[0] ?? uri;
  for (const p of withoutHeaders.split(';').slice(1)) {
    const [k, v] = p.split('=');
    if (k?.toLowerCase() === name) return v;
  }
  return undefined;
}

/**
 * Finds the mailbox owner. `self` holds the agent's own user names (e.g. `voicemail` and its contact user),
 * which are never a target.
 */
export function resolveVoicemailTarget(
  request: TargetRequest,
  self: readonly string[],
): VoicemailTarget | undefined {
  const isSelf = (user: string | undefined): boolean => user === undefined || self.includes(user);
  const cause = uriParam(request.requestUri, 'cause');

  const target = uriParam(request.requestUri, 'target');
  const decodedTarget = target ? decodeParam(target) : undefined;
  if (decodedTarget) {
    const user = userOf(decodedTarget);
    if (!isSelf(user)) return { user: user!, source: 'target-param', ...(cause ? { cause } : {}) };
  }

  const history = request
    .getHeaders('history-info')
    .flatMap(splitHeaderList)
    .map(parseEntry)
    .filter((e): e is Entry => e !== undefined)
    .map((e, order) => ({ ...e, order, index: e.params.get('index') ?? '' }))
    .sort((a, b) => compareIndex(a.index, b.index) || a.order - b.order);
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i]!;
    const user = userOf(entry.uri.split('?')[0]!);
    if (!isSelf(user)) {
      const reason = /cause(?:%3D|=)(\d{3})/i.exec(entry.uri)?.[1];
      return { user: user!, source: 'history-info', ...(reason ? { cause: reason } : {}) };
    }
  }

  for (const entry of request.getHeaders('diversion').flatMap(splitHeaderList).map(parseEntry)) {
    const user = entry && userOf(entry.uri);
    if (entry && !isSelf(user)) {
      const reason = entry.params.get('reason');
      return { user: user!, source: 'diversion', ...(reason ? { cause: reason } : {}) };
    }
  }

  const ruriUser = userOf(request.requestUri);
  if (!isSelf(ruriUser)) return { user: ruriUser!, source: 'request-uri' };
  const toUser = userOf(parseEntry(request.to)?.uri ?? request.to);
  if (!isSelf(toUser)) return { user: toUser!, source: 'to' };
  return undefined;
}

/** RFC 7044 §10.3 indices like `1`, `1.1`, `1.1.2`: compared level by level. */
function compareIndex(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
