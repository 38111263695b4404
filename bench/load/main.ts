/**
 * `npm run bench:load`: the same raw SIP load against the Parley service and against Kamailio
 * (deploy/kamailio) in one run, side by side (issue 15): REGISTER with digest, calls through the proxy
 * (INVITE/180/200/ACK/BYE/200) and MESSAGE, over WebSocket and over UDP. For each cell: operations per
 * second, the server's CPU µs per operation (utime+stime from /proc), latency p50/p99, the server's RSS.
 *
 * Fairness: by default (2+ cores) both servers are pinned to CPU 0 and the generator processes to the
 * others with `taskset`, so "µs CPU/op" is one core's work and the generator cannot steal from the
 * server. Both targets run each cell back to back (Parley, then Kamailio), so machine noise hits both.
 *
 *   npm run bench:load -- [--modes register,call,message] [--transports ws,udp] [--targets parley,kamailio]
 *                         [--duration 7] [--warmup 2] [--users 200] [--workers 2] [--flows 4]
 *                         [--kamailio-workers 4] [--no-pin] [--parley-node-args "--cpu-prof ..."]
 *                         [--json out.json] [--baseline DIR]
 *
 * `--baseline DIR` also loads the service of another checkout (e.g. `git archive main | tar -x -C DIR`,
 * with a node_modules link) as "Before", in the same run, each cell back to back with the others.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { TransportName } from './flows.js';
import { runCell, type CellResult } from './load-runner.js';
import { pin } from './proc-stat.js';
import { signUpUsers, startKamailioTarget, startParley, type Target } from './targets.js';
import type { Mode } from './user-agents.js';

const { values: args } = parseArgs({
  options: {
    modes: { type: 'string', default: 'register,call,message' },
    transports: { type: 'string', default: 'ws,udp' },
    targets: { type: 'string', default: 'parley,kamailio' },
    duration: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '2' },
    users: { type: 'string', default: '200' },
    workers: { type: 'string', default: '2' },
    flows: { type: 'string', default: '4' },
    'kamailio-workers': { type: 'string', default: '4' },
    'no-pin': { type: 'boolean', default: false },
    'parley-node-args': { type: 'string', default: '' },
    json: { type: 'string' },
    baseline: { type: 'string' },
  },
});

const modes = args.modes.split(',') as Mode[];
const transports = args.transports.split(',') as TransportName[];
const wanted = args.targets.split(',');
const domain = 'load.parley.test';
const cpus = os.cpus().length;
const pinning = !args['no-pin'] && cpus >= 2;
const serverCpus = '0';
const generatorCpus = pinning ? `1-${cpus - 1}` : undefined;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-load-'));
const dirs = [dataDir];
const targets: Target[] = [];
const results: Record<string, Record<string, CellResult>> = {};
try {
  const parley = await startParley(dataDir, domain, args['parley-node-args'].split(' ').filter(Boolean));
  targets.push(parley);
  const users = await signUpUsers(parley.baseUrl, Number(args.users));
  if (args.baseline !== undefined) {
    // Another checkout's service (e.g. `git archive main`), on its own copy of the same accounts.
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-load-base-'));
    dirs.push(baseDir);
    const before = await startParley(baseDir, domain, [], path.resolve(args.baseline), 'Before');
    await signUpUsers(before.baseUrl, Number(args.users));
    targets.unshift(before);
    wanted.push('before');
  }
  if (wanted.includes('kamailio')) {
    targets.push(
      await startKamailioTarget(path.join(dataDir, 'parley.db'), domain, Number(args['kamailio-workers'])),
    );
  }
  const measured = targets.filter((t) => wanted.includes(t.name.toLowerCase()));
  if (pinning) for (const t of measured) pin(t.pids(), serverCpus);
  console.log(
    `${cpus} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${users.length} users, ${args.workers} generator processes × ${args.flows} flows; ` +
      `${args.warmup} s warm-up + ${args.duration} s per cell; ` +
      (pinning ? `servers pinned to CPU ${serverCpus}, generator to CPU ${generatorCpus}` : 'no CPU pinning'),
  );
  for (const mode of modes) {
    for (const transport of transports) {
      const cell = `${mode} ${transport}`;
      results[cell] = {};
      for (const target of measured) {
        const r = await runCell(target, {
          mode,
          transport,
          domain,
          users,
          workers: Number(args.workers),
          flowsPerWorker: Number(args.flows),
          warmupS: Number(args.warmup),
          durationS: Number(args.duration),
          generatorCpus,
        });
        results[cell][target.name] = r;
        if (target.pids().length === 0) throw new Error(`${target.name} died during ${cell}`);
        console.log(
          `  ${cell.padEnd(14)} ${target.name.padEnd(8)} ${r.opsPerSecond.toFixed(0).padStart(6)} ops/s ` +
            `${r.cpuMicrosPerOp.toFixed(0).padStart(5)} µs/op (server ${r.serverCpuPercent.toFixed(0)} % of a core, ` +
            `generator ${r.generatorCpuPercent.toFixed(0)} %), ${r.failed} failed`,
        );
      }
    }
  }
  printTable(
    results,
    measured.map((t) => t.name),
  );
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 2));
} finally {
  for (const t of targets.reverse()) await t.stop().catch(() => undefined);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}

function printTable(all: Record<string, Record<string, CellResult>>, names: string[]): void {
  const head = ['cell', ...names.flatMap((n) => [`${n} ops/s`, 'µs CPU/op', 'p50 ms', 'p99 ms', 'RSS MiB'])];
  const rows = Object.entries(all).map(([cell, byTarget]) => [
    cell,
    ...names.flatMap((n) => {
      const r = byTarget[n];
      if (!r) return ['-', '-', '-', '-', '-'];
      return [
        r.opsPerSecond.toFixed(0),
        r.cpuMicrosPerOp.toFixed(0),
        r.p50.toFixed(1),
        r.p99.toFixed(1),
        r.rssMiB.toFixed(0),
      ];
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cols: string[]): string => `| ${cols.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(`\n${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
