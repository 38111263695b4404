/**
 * What the fuzzer calls a wrong answer. No fuzz request carries a valid credential (sip-corpus.ts), so:
 * - a 2xx to REGISTER, INVITE, MESSAGE or SUBSCRIBE — by the answer's CSeq method or by the request
 *   line it answers — lets someone in without a password (RFC 3261 §22);
 * - a request marked malformed (mutators.ts) must get 400/416/505/513 (RFC 3261 §8.2, §21.4) or nothing;
 * - a response sent to the service is never answered (RFC 3261 §8.1.3.3, §16.7: dropped if unmatched).
 */
export const PROTECTED_METHODS = new Set(['REGISTER', 'INVITE', 'MESSAGE', 'SUBSCRIBE']);
export const MALFORMED_STATUSES = new Set([400, 416, 505, 513]);

/** What the runner remembers of a mutant it sent (by its Via branch). */
export interface SentMutant {
  readonly requestMethod: string | undefined;
  readonly malformed: boolean;
  readonly mutations: readonly string[];
  readonly bytes: Buffer;
}

export interface Finding {
  readonly why: string;
  readonly answer: string;
  readonly mutant?: { readonly mutations: readonly string[]; readonly text: string };
}

/** Checks one message the service sent to a fuzz lane; returns a finding or undefined. */
export function judge(text: string, lookup: (branch: string) => SentMutant | undefined): Finding | undefined {
  const firstLine = text.slice(0, text.indexOf('\r\n'));
  const m = /^SIP\/2\.0 (\d{3}) /.exec(firstLine);
  if (!m) return undefined; // a request from the service: nothing of ours asked for one, but not wrong
  const status = Number(m[1]);
  const cseqMethod = /^CSeq:[ \t]*\d+[ \t]+(\S+)/im.exec(text)?.[1]?.toUpperCase();
  const branch = /^(?:Via|v):[^\r\n]*?;branch=([^;,\s]+)/im.exec(text)?.[1];
  const sent = branch ? lookup(branch) : undefined;
  const mutant = sent ? { mutations: sent.mutations, text: sent.bytes.toString('latin1') } : undefined;
  const answer = text.slice(0, 400);
  const is2xx = status >= 200 && status < 300;
  if (is2xx && cseqMethod !== undefined && PROTECTED_METHODS.has(cseqMethod)) {
    return {
      why: `${status} to ${cseqMethod} without a valid credential`,
      answer,
      ...(mutant ? { mutant } : {}),
    };
  }
  if (!sent || !mutant) return undefined;
  if (sent.requestMethod === undefined) return { why: 'a response was answered', answer, mutant };
  if (is2xx && PROTECTED_METHODS.has(sent.requestMethod)) {
    return {
      why: `${status} to a ${sent.requestMethod} request line without a valid credential`,
      answer,
      mutant,
    };
  }
  if (sent.malformed && !MALFORMED_STATUSES.has(status)) {
    return { why: `${status} to a malformed request`, answer, mutant };
  }
  return undefined;
}
