/**
 * Fuzzing at scale (issue 14 item 4), the CI run: 100,000 grammar-aware mutants of REGISTER, INVITE,
 * MESSAGE, SUBSCRIBE, ACK, CANCEL, BYE, OPTIONS and responses (tests/support/fuzz/) sent over WebSocket,
 * UDP and TCP to the real service in its own process. The service keeps answering OPTIONS and a digest
 * REGISTER between batches (it never crashed), never answers 2xx to a request without a valid credential,
 * answers malformed requests with 400 (or 416/505/513) or not at all, closes every TCP connection whose
 * stream a mutant broke (RFC 3261 §18.3); afterwards its transaction, proxy, dialog and binding tables are
 * back to their start and its heap and RSS (measured after a GC in the service) have not grown beyond the
 * bounds below. `npm run fuzz -- --messages 1000000` is the long run.
 */
import { describe, expect, it } from 'vitest';
import { fuzzRealService } from '../../support/fuzz/fuzz-session.js';

const MESSAGES = Number(process.env['PARLEY_FUZZ_MESSAGES'] ?? 100_000);
const SEED = Number(process.env['PARLEY_FUZZ_SEED'] ?? 20261207);
const MB = 1048576;
/** Live heap after a GC: a leak of even 100 bytes per message would show as ~10 MB. */
const HEAP_BOUND = 8 * MB;
/** RSS also holds freed pages V8 and malloc keep for reuse; a leak of the heap kind shows here too. */
const RSS_BOUND = 64 * MB;

describe('SIP fuzzing against the real service', () => {
  it(`survives ${MESSAGES} mutants over WS, UDP and TCP without a wrong answer or a leak`, async () => {
    const r = await fuzzRealService({ messages: MESSAGES, seed: SEED });
    const mb = (n: number): string => (n / MB).toFixed(1);
    console.log(
      `fuzz seed ${SEED}: ${r.run.sent} messages in ${r.run.seconds.toFixed(1)} s = ${r.run.perSecond}/s, ` +
        `answers ${JSON.stringify(r.run.answers)}, ${r.run.streamCloses} TCP streams broken and closed, ` +
        `${r.run.findings.length} findings, heap ${mb(r.before.heapUsed)} → ${mb(r.after.heapUsed)} MB, ` +
        `RSS ${mb(r.before.rss)} → ${mb(r.after.rss)} MB, tables back in ${r.settleSeconds.toFixed(1)} s`,
    );
    expect(r.run.sent).toBe(MESSAGES);
    expect(r.run.findings).toEqual([]);
    // Still served throughout: a health probe at the start, every 10 batches and at the end.
    // (A run shorter than 10 batches per transport, via PARLEY_FUZZ_MESSAGES, has only the first two.)
    expect(r.run.probes).toBeGreaterThanOrEqual(MESSAGES >= 6000 ? 3 : 2);
    // Most mutants get past the parser to authentication (401/407) — the fuzzer reaches the core.
    expect(r.run.answers['4xx'] ?? 0).toBeGreaterThan(MESSAGES / 4);
    expect(r.after.tables).toEqual(r.before.tables);
    expect(r.after.tables.transactions).toEqual({ servers: 0, clients: 0 });
    expect(r.after.heapUsed - r.before.heapUsed).toBeLessThan(HEAP_BOUND);
    expect(r.after.rss - r.before.rss).toBeLessThan(RSS_BOUND);
  }, 900_000);
});
