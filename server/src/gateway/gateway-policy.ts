import type { PstnRefusal } from '../../../common/pstn-types.js';

/** One carrier trunk from PARLEY_GATEWAY_FILE. */
export interface Trunk {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
  /** Digest credentials if the carrier challenges us. */
  readonly username?: string;
  readonly password?: string;
  /** REGISTER to the carrier (RFC 3261 §10) and keep it registered. */
  readonly register: boolean;
  /** E.164 caller ID presented to the carrier (From user part). */
  readonly callerId: string;
  /** Lower = tried first; failover to the next on 503, 408 or no answer to INVITE within 3 s. */
  readonly priority: number;
  readonly maxConcurrentCalls: number;
}

export interface Did {
  readonly number: string; // E.164, e.g. "+15550100"
  readonly user: string; // Parley username it rings (every device)
}

export interface GatewayConfig {
  readonly homeCountry: string; // ISO 3166 alpha-2, e.g. "US"
  readonly trunks: readonly Trunk[]; // sorted by priority
  readonly dids: readonly Did[];
  readonly maxCallSeconds: number;
}

/** What a quote or an authorization refuses with; stable codes the client translates (common/pstn-types.ts). */
export type PstnRefusalCode = PstnRefusal;

export interface PstnQuote {
  readonly e164: string;
  readonly destination: string; // from the rates CSV, e.g. "United Kingdom – London"
  readonly ratePerMinute: string; // decimal string, e.g. "0.02"
  readonly currency: string; // "EUR"
  readonly connectFee: string;
  readonly incrementSeconds: number;
  readonly allowed: boolean;
  readonly code?: PstnRefusalCode;
  readonly reason?: string; // human sentence, e.g. "Premium-rate numbers are blocked"
}

export interface CallOutcome {
  readonly trunk?: string; // trunk that carried it
  readonly answeredAt?: Date;
  readonly endedAt: Date;
  readonly cause: string; // e.g. "normal", "busy", "no_answer", "failed", "cancelled", "max_duration"
}

export interface Authorized {
  readonly allowed: true;
  readonly quote: PstnQuote;
  /** Trunks to try in order (already filtered by per-trunk capacity at the time of asking). */
  readonly trunks: readonly Trunk[];
  readonly maxDurationSeconds: number;
  /** Claims one slot on a trunk before sending the INVITE to it; false = trunk full, try the next. */
  claimTrunk(trunkName: string): boolean;
  /** MUST be called exactly once when the call ends (any way): frees the slots, writes the CDR. */
  finish(outcome: CallOutcome): Promise<{ billedSeconds: number; cost: string; currency: string }>;
}

export interface Refused {
  readonly allowed: false;
  readonly code: PstnRefusalCode;
  readonly reason: string;
  readonly quote?: PstnQuote;
}

export interface GatewayPolicy {
  /** The config now in force (changes on SIGHUP reload). */
  config(): GatewayConfig;
  /** Price and permission for a dialled string, without reserving anything (HTTP quote, REFER check). */
  quote(username: string, dialled: string): Promise<PstnQuote | Refused>;
  /** Checks every guard and reserves the user's concurrency slot for this call (callId = the user's leg). */
  authorizeOutbound(username: string, dialled: string, callId: string): Promise<Authorized | Refused>;
  /** Inbound from the phone network: only from a trunk's address; returns who the DID rings. */
  routeInbound(
    source: { address: string; port: number },
    did: string,
  ): { trunk: Trunk; did: Did } | undefined;
}
