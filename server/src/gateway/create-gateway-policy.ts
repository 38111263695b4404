/**
 * The gateway policy (contract: ./gateway-policy.ts): numbers, prices and toll-fraud guards, enforced
 * in the service for every way a call reaches a phone (the app, any SIP client, a transfer). Checks, in
 * order: the number reads as E.164 → not premium rate (libphonenumber type, `blockPremium`) → not under
 * a `blockedPrefixes` entry → a rate exists (unrated = refused) and is not marked blocked → the user
 * may call phones (pstn_permissions, off by default) → the daily spend cap is not reached → (when
 * authorizing) fewer than `maxCallsPerUser` phone calls in progress → a trunk has a free slot.
 *
 * Concurrency slots and budget reservations live in this process (one service instance carries the
 * gateway). A call in progress reserves what its longest allowed duration would cost, so two calls at
 * once cannot together run past the daily cap; each call's length is capped by the budget left.
 */
import type { Logger } from '../../../common/logger.js';
import { e164FromSipUser, toE164 } from '../../../common/phone-number.js';
import type { PstnCallRecord, PstnRepository } from '../store/pstn-repository.js';
import { loadGatewayFile, type GatewaySettings } from './gateway-config.js';
import type {
  Authorized,
  CallOutcome,
  Did,
  GatewayPolicy,
  PstnQuote,
  PstnRefusalCode,
  Refused,
  Trunk,
} from './gateway-policy.js';
import { affordableSeconds, bill, formatMoney } from './money.js';
import { isPremiumRate } from './number-type.js';
import { loadRatesFile, NO_RATES, type Rate, type RateTable } from './rates.js';
import { refusalReason } from './refusals.js';

/** The policy plus what the service itself needs (reload, CDR lookups, availability). */
export interface Gateway extends GatewayPolicy {
  /** The gateway file's full settings now in force. */
  settings(): GatewaySettings;
  rates(): RateTable;
  /** Re-reads both files (SIGHUP); a file that cannot be used keeps the old config and logs one line. */
  reload(): boolean;
  /** The user's own call detail record. */
  callRecord(username: string, callId: string): Promise<PstnCallRecord | undefined>;
  /** Phone calls in progress: per user, and per trunk. */
  activeCalls(): { users: ReadonlyMap<string, number>; trunks: ReadonlyMap<string, number> };
}

export interface GatewayPolicyOptions {
  /** `PARLEY_GATEWAY_FILE`. */
  readonly gatewayFile: string;
  /** `PARLEY_RATES_FILE`; without it every destination is unrated (refused). */
  readonly ratesFile?: string | undefined;
  readonly pstn: PstnRepository;
  readonly logger: Logger;
  readonly now?: () => number;
}

const DAY_MS = 86_400_000;

/** @throws GatewayConfigError / RatesError (one line) when a file cannot be used at start. */
export function createGatewayPolicy(options: GatewayPolicyOptions): Gateway {
  const { pstn, logger } = options;
  const now = options.now ?? Date.now;
  let settings = loadGatewayFile(options.gatewayFile);
  let rates = options.ratesFile === undefined ? NO_RATES : loadRatesFile(options.ratesFile);
  /** username → callId → reserved micro-units. */
  const userCalls = new Map<string, Map<string, number>>();
  const trunkCalls = new Map<string, number>();

  const refused = (code: PstnRefusalCode, reason: string, quote?: PstnQuote): Refused => ({
    allowed: false,
    code,
    reason,
    ...(quote ? { quote: { ...quote, allowed: false, code, reason } } : {}),
  });

  const quoteOf = (e164: string, rate: Rate | undefined): PstnQuote => ({
    e164,
    destination: rate?.destination ?? 'Unknown destination',
    ratePerMinute: rate?.ratePerMinute ?? '0.00',
    currency: rate?.currency ?? rates.currency,
    connectFee: rate?.connectFee ?? '0.00',
    incrementSeconds: rate?.incrementSeconds ?? 60,
    allowed: true,
  });

  const reservedBy = (username: string): number =>
    [...(userCalls.get(username)?.values() ?? [])].reduce((a, b) => a + b, 0);

  interface Checked {
    readonly quote: PstnQuote;
    readonly rate: Rate;
    /** Longest call the user may make now. */
    readonly maxSeconds: number;
  }

  /** Every guard that needs no reservation; a refusal carries the quote when the number was read. */
  async function check(username: string, dialled: string): Promise<Checked | Refused> {
    const e164 = toE164(dialled, settings.homeCountry) ?? e164FromSipUser(dialled);
    if (e164 === undefined) return refused('invalid_number', refusalReason('invalid_number'));
    const rate = rates.lookup(e164);
    const quote = quoteOf(e164, rate);
    const digits = e164.slice(1);
    if (settings.blockPremium && isPremiumRate(e164)) {
      return refused('premium_blocked', refusalReason('premium_blocked'), quote);
    }
    if (settings.blockedPrefixes.some((p) => digits.startsWith(p))) {
      return refused('destination_blocked', refusalReason('destination_blocked', quote), quote);
    }
    if (rate === undefined)
      return refused('unrated_destination', refusalReason('unrated_destination'), quote);
    if (rate.blocked) {
      return refused('destination_blocked', refusalReason('destination_blocked', quote), quote);
    }
    const permission = await pstn.permission(username);
    if (permission?.allowed !== true) {
      return refused('pstn_not_permitted', refusalReason('pstn_not_permitted'), quote);
    }
    let maxSeconds = settings.maxCallSeconds;
    const limit = permission.dailyLimitMicros ?? settings.dailyLimitMicros;
    if (limit !== undefined && limit !== null) {
      const t = now();
      const spent = (await pstn.spentSince(username, t - (t % DAY_MS))) + reservedBy(username);
      const affordable = affordableSeconds(rate, limit - spent);
      if (spent >= limit || affordable < 1) {
        const detail = { limit: formatMoney(limit), currency: rate.currency };
        return refused('daily_limit_reached', refusalReason('daily_limit_reached', detail), quote);
      }
      maxSeconds = Math.min(maxSeconds, affordable);
    }
    return { quote, rate, maxSeconds };
  }

  async function authorizeOutbound(
    username: string,
    dialled: string,
    callId: string,
  ): Promise<Authorized | Refused> {
    const startedAt = now();
    const checked = await check(username, dialled);
    if ('allowed' in checked) return checked;
    const { quote, rate, maxSeconds } = checked;
    // From here to the reservation nothing awaits: two INVITEs at once cannot both take the last slot.
    const mine = userCalls.get(username) ?? new Map<string, number>();
    if (mine.size >= settings.maxCallsPerUser) {
      return refused('too_many_calls', refusalReason('too_many_calls', { calls: mine.size }), quote);
    }
    const trunks = settings.trunks.filter((t) => (trunkCalls.get(t.name) ?? 0) < t.maxConcurrentCalls);
    if (trunks.length === 0) return refused('no_trunk', refusalReason('no_trunk'), quote);
    mine.set(callId, bill(rate, maxSeconds * 1000).costMicros);
    userCalls.set(username, mine);

    let claimed: string | undefined;
    let finished: Promise<{ billedSeconds: number; cost: string; currency: string }> | undefined;
    const release = (): void => {
      if (claimed !== undefined) trunkCalls.set(claimed, Math.max(0, (trunkCalls.get(claimed) ?? 1) - 1));
      claimed = undefined;
    };
    return {
      allowed: true,
      quote,
      trunks,
      maxDurationSeconds: maxSeconds,
      claimTrunk(trunkName) {
        // Failover: the slot on the trunk that failed is given back before taking the next one.
        release();
        const trunk = settings.trunks.find((t) => t.name === trunkName);
        if (!trunk || (trunkCalls.get(trunkName) ?? 0) >= trunk.maxConcurrentCalls) return false;
        trunkCalls.set(trunkName, (trunkCalls.get(trunkName) ?? 0) + 1);
        claimed = trunkName;
        return true;
      },
      finish(outcome: CallOutcome) {
        finished ??= (async () => {
          const trunk = outcome.trunk ?? claimed ?? null;
          release();
          const talkMs = outcome.answeredAt ? outcome.endedAt.getTime() - outcome.answeredAt.getTime() : 0;
          const { billedSeconds, costMicros } = bill(rate, talkMs);
          try {
            await pstn.insertCall({
              callId,
              username,
              e164: quote.e164,
              destination: quote.destination,
              trunk,
              startedAt,
              answeredAt: outcome.answeredAt?.getTime() ?? null,
              endedAt: outcome.endedAt.getTime(),
              billedSeconds,
              costMicros,
              currency: rate.currency,
              cause: outcome.cause,
            });
          } finally {
            // The reservation goes only once the cost is in the store (the cap never has a gap).
            mine.delete(callId);
            if (mine.size === 0 && userCalls.get(username) === mine) userCalls.delete(username);
          }
          return { billedSeconds, cost: formatMoney(costMicros), currency: rate.currency };
        })();
        return finished;
      },
    };
  }

  return {
    config: () => settings,
    settings: () => settings,
    rates: () => rates,
    async quote(username, dialled) {
      const checked = await check(username, dialled);
      return 'allowed' in checked ? (checked.quote ?? checked) : checked.quote;
    },
    authorizeOutbound,
    routeInbound(source, didText): { trunk: Trunk; did: Did } | undefined {
      // RFC 3261 §26.1 (toll fraud): only a configured carrier may bring calls in.
      const trunk = settings.trunks.find((t) => t.host === source.address);
      if (!trunk) return undefined;
      const e164 = e164FromSipUser(didText) ?? toE164(didText, settings.homeCountry);
      const did = settings.dids.find((d) => d.number === e164);
      return did ? { trunk, did } : undefined;
    },
    reload() {
      try {
        const nextSettings = loadGatewayFile(options.gatewayFile);
        const nextRates = options.ratesFile === undefined ? NO_RATES : loadRatesFile(options.ratesFile);
        settings = nextSettings;
        rates = nextRates;
        logger.info(
          {
            tnx: 'gateway-reload',
            trunks: settings.trunks.length,
            dids: settings.dids.length,
            rates: rates.size,
          },
          'gateway configuration reloaded',
        );
        return true;
      } catch (error) {
        logger.warn(
          { tnx: 'gateway-reload', err: (error as Error).message },
          `gateway reload refused, old configuration kept: ${(error as Error).message}`,
        );
        return false;
      }
    },
    callRecord: (username, callId) => pstn.call(username, callId),
    activeCalls: () => ({
      users: new Map([...userCalls].map(([u, calls]) => [u, calls.size])),
      trunks: new Map(trunkCalls),
    }),
  };
}
