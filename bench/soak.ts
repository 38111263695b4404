/**
 * `npm run soak` (issue 14 item 6): 2,000 registered users, 100 concurrent calls through the proxy (held
 * 2–5 s each, replaced at once), steady MESSAGEs between users, for 10 minutes, against the service in
 * its own process with its default SIP timers. Prints RSS and heap (after a GC) every 10 s, the RSS
 * slope over the second half (least squares, MB/min), the errors (must be 0), and whether every table and
 * timer came back to its start within 90 s of the load stopping (and RSS within 20 MB of the start).
 * Exit code 1 when any of that fails. Writes bench/results/soak.json.
 *
 *   npm run soak -- [--minutes 10] [--users 2000] [--calls 100] [--messages-per-second 20]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSoak } from '../tests/support/soak/soak-run.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    users: { type: 'string', default: '2000' },
    calls: { type: 'string', default: '100' },
    'messages-per-second': { type: 'string', default: '20' },
  },
});
const RSS_BUDGET = 20 * 1048576;
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;

const result = await runSoak({
  users: Number(values.users),
  calls: Number(values.calls),
  seconds: Number(values.minutes) * 60,
  messagesPerSecond: Number(values['messages-per-second']),
  holdMs: [2000, 5000],
  sampleSeconds: 10,
  settleMs: 90_000,
  log: (line) => console.log(line),
});
const rssBack = result.end.memory.rss - result.start.memory.rss;
console.log('');
console.log(`errors: ${result.errors}${result.problems.length ? ` (${result.problems.join('; ')})` : ''}`);
console.log(`calls completed: ${result.callsCompleted}, messages sent: ${result.messagesSent}`);
console.log(
  `RSS slope (second half): ${result.rssSlopeMbPerMin.toFixed(2)} MB/min; heap slope ${result.heapSlopeMbPerMin.toFixed(2)} MB/min`,
);
console.log(
  `after the load (${result.settleSeconds.toFixed(1)} s): rss ${mb(result.start.memory.rss)} → ${mb(result.end.memory.rss)}, ` +
    `heap ${mb(result.start.memory.heapUsed)} → ${mb(result.end.memory.heapUsed)}`,
);
console.log(`tables at the start: ${JSON.stringify(result.start.sip)}`);
console.log(`tables at the end:   ${JSON.stringify(result.end.sip)}`);
console.log(
  `messaging at the end: ${JSON.stringify(result.end.messaging)}; handles ${JSON.stringify(result.end.handles)}`,
);
console.log(
  result.tailLeftovers.length === 0
    ? 'tail probe: no completed transaction lingers on WebSocket'
    : `tail probe: ${result.tailLeftovers.join(', ')}`,
);
console.log(
  result.leftovers.length === 0
    ? 'every table and timer back to its start'
    : `NOT back: ${result.leftovers.join(', ')}`,
);

const repo = fileURLToPath(new URL('..', import.meta.url));
fs.mkdirSync(path.join(repo, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(repo, 'bench/results/soak.json'), JSON.stringify(result, null, 2));
const ok =
  result.errors === 0 &&
  result.leftovers.length === 0 &&
  result.tailLeftovers.length === 0 &&
  rssBack <= RSS_BUDGET;
process.exit(ok ? 0 : 1);
