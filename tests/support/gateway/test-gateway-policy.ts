/**
 * A GatewayPolicy for the SIP-path tests of the gateway's B2BUA (the real one, with rates, guards and
 * call records, is the gw-policy branch's): a fixed list of trunks and DIDs, users allowed or refused by
 * name, and every `finish()` recorded so tests can check it ran exactly once with the right cause.
 */
import type {
  Authorized,
  CallOutcome,
  Did,
  GatewayConfig,
  GatewayPolicy,
  PstnQuote,
  PstnRefusalCode,
  Refused,
  Trunk,
} from '../../../server/src/gateway/gateway-policy.js';

export interface FinishedCall {
  readonly user: string;
  readonly dialled: string;
  readonly callId: string;
  readonly claimed: readonly string[];
  readonly outcome: CallOutcome;
}

export interface TestGatewayPolicy extends GatewayPolicy {
  /** Users allowed to call phones (others get `pstn_not_permitted`). */
  readonly allowed: Set<string>;
  /** Numbers refused as premium-rate (E.164). */
  readonly premium: Set<string>;
  readonly finished: FinishedCall[];
  /** Resolves at the next `finish()`. */
  nextFinish(): Promise<FinishedCall>;
  setTrunks(trunks: readonly Trunk[]): void;
  /** How many times `finish()` ran for a call (must be 1). */
  finishCount(callId: string): number;
}

export function trunk(name: string, port: number, extra: Partial<Trunk> = {}): Trunk {
  return {
    name,
    host: '127.0.0.1',
    port,
    transport: 'udp',
    register: false,
    callerId: '+15550100',
    priority: 1,
    maxConcurrentCalls: 10,
    ...extra,
  };
}

/** "+44 20 7946 0018", "tel:+44…", "0044…" → "+442079460018" (enough of E.164 for these tests). */
function e164(dialled: string): string | undefined {
  let d = dialled.replace(/^tel:/i, '').replace(/[\s.\-()]/g, '');
  if (d.startsWith('00')) d = '+' + d.slice(2);
  return /^\+\d{6,15}$/.test(d) ? d : undefined;
}

export function createTestGatewayPolicy(options: {
  trunks: readonly Trunk[];
  dids?: readonly Did[];
  maxCallSeconds?: number;
}): TestGatewayPolicy {
  let trunks = [...options.trunks];
  const allowed = new Set<string>();
  const premium = new Set<string>();
  const finished: FinishedCall[] = [];
  const waiters: Array<(f: FinishedCall) => void> = [];
  const counts = new Map<string, number>();
  const config = (): GatewayConfig => ({
    homeCountry: 'US',
    trunks,
    dids: options.dids ?? [],
    maxCallSeconds: options.maxCallSeconds ?? 3600,
  });
  const refuse = (code: PstnRefusalCode, reason: string): Refused => ({ allowed: false, code, reason });
  const quote = async (user: string, dialled: string): Promise<PstnQuote | Refused> => {
    const number = e164(dialled);
    if (!number) return refuse('invalid_number', 'That is not a phone number');
    if (!allowed.has(user)) return refuse('pstn_not_permitted', 'You have no permission to call phones');
    if (premium.has(number)) return refuse('premium_blocked', 'Premium-rate numbers are blocked');
    return {
      e164: number,
      destination: 'Test destination',
      ratePerMinute: '0.02',
      currency: 'EUR',
      connectFee: '0',
      incrementSeconds: 60,
      allowed: true,
    };
  };
  return {
    allowed,
    premium,
    finished,
    config,
    setTrunks(next) {
      trunks = [...next];
    },
    nextFinish: () =>
      new Promise((resolve) => {
        waiters.push(resolve);
      }),
    finishCount: (callId) => counts.get(callId) ?? 0,
    quote,
    async authorizeOutbound(user, dialled, callId): Promise<Authorized | Refused> {
      const q = await quote(user, dialled);
      if (!q.allowed) return 'code' in q && q.code ? (q as Refused) : refuse('invalid_number', 'refused');
      const claimed: string[] = [];
      return {
        allowed: true,
        quote: q as PstnQuote,
        trunks: [...trunks].sort((a, b) => a.priority - b.priority),
        maxDurationSeconds: config().maxCallSeconds,
        claimTrunk(name) {
          claimed.push(name);
          return true;
        },
        async finish(outcome) {
          counts.set(callId, (counts.get(callId) ?? 0) + 1);
          const record = { user, dialled, callId, claimed, outcome };
          finished.push(record);
          for (const w of waiters.splice(0)) w(record);
          return { billedSeconds: 0, cost: '0.00', currency: 'EUR' };
        },
      };
    },
    routeInbound(source, did) {
      const t = trunks.find((x) => x.host === source.address && x.port === source.port);
      const d = (options.dids ?? []).find((x) => x.number.replace(/\D/g, '') === did.replace(/\D/g, ''));
      return t && d ? { trunk: t, did: d } : undefined;
    },
  };
}
