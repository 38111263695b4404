/**
 * `npm run fuzz -- --messages 1000000 [--seed N] [--transports ws,udp,tcp]`: fuzzes a real Parley
 * service over every SIP transport (tests/support/fuzz/) and prints the seed, throughput, answers,
 * memory and SIP tables before/after. Exits 1 on any finding, a service that stopped answering, or
 * tables not back to their start. Replay a run with the seed it printed.
 */
import { parseArgs } from 'node:util';
import { fuzzRealService } from '../tests/support/fuzz/fuzz-session.js';
import type { FuzzTransport } from '../tests/support/fuzz/fuzz-lane.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    seed: { type: 'string' },
    transports: { type: 'string', default: 'ws,udp,tcp' },
  },
});
const messages = Number(values.messages);
const seed = values.seed === undefined ? (Math.random() * 2 ** 32) >>> 0 : Number(values.seed);
const transports = values.transports.split(',') as FuzzTransport[];
console.log(`fuzz: seed ${seed}, ${messages} messages over ${transports.join(', ')}`);

const r = await fuzzRealService({ messages, seed, transports, log: (l) => console.log(l) });
const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;
console.log(
  `fuzz: ${r.run.sent} messages (${r.run.malformedSent} malformed) in ${r.run.seconds.toFixed(1)} s = ` +
    `${r.run.perSecond} messages/s; answers ${JSON.stringify(r.run.answers)}; ` +
    `${r.run.reconnects} reconnects; ${r.run.streamCloses} TCP streams broken and closed by the service; ` +
    `${r.run.probes} health probes passed`,
);
console.log(
  `fuzz: heap ${mb(r.before.heapUsed)} → ${mb(r.after.heapUsed)}, RSS ${mb(r.before.rss)} → ${mb(r.after.rss)}; ` +
    `tables ${JSON.stringify(r.before.tables)} → ${JSON.stringify(r.after.tables)} (settled in ${r.settleSeconds.toFixed(1)} s)`,
);
for (const f of r.run.findings) console.log('FINDING', JSON.stringify(f));
const tablesBack = JSON.stringify(r.before.tables) === JSON.stringify(r.after.tables);
if (r.run.findings.length > 0 || !tablesBack) {
  console.log(`fuzz: FAILED (seed ${seed})`);
  process.exit(1);
}
console.log(`fuzz: passed (seed ${seed})`);
