/**
 * Where the bytes go between two V8 heap snapshots of one process (`.heapsnapshot`, e.g. from
 * `node --heapsnapshot-signal=SIGUSR1`, which bench/memory.ts's service accepts through soak-service.ts
 * `nodeArgs`). Node ids are stable within a process, so the objects of AFTER whose id BEFORE lacks are
 * the new ones; each is charged to the first old object on its shortest path from the GC roots (its
 * container: `BindingStore.byUser`, a socket handle, ...) and, with `--by-type`, grouped by type and
 * constructor instead. Sizes are self sizes divided by `--per` (e.g. the registrations made in between).
 *
 *   npx tsx bench/support/heap-snapshot-diff.ts BEFORE AFTER [--per 2000] [--top 40] [--by-type]
 *
 * New objects overstate growth when old ones were replaced (a table reallocated): the printed total of
 * self sizes (all objects, after − before) is the net figure.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const load = (file: string): Snapshot => JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      per: { type: 'string', default: '1' },
      top: { type: 'string', default: '40' },
      'by-type': { type: 'boolean', default: false },
    },
  });
  const [beforeFile, afterFile] = positionals;
  if (!beforeFile || !afterFile) throw new Error('usage: heap-snapshot-diff.ts BEFORE AFTER [--per N]');
  const per = Number(values.per);

  const before = load(beforeFile);
  const nf = before.snapshot.meta.node_fields;
  const W = nf.length;
  const [fType, fName, fId, fSize, fEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) =>
    nf.indexOf(f),
  ) as [number, number, number, number, number];
  const oldIds = new Set<number>();
  let beforeTotal = 0;
  for (let i = 0; i < before.nodes.length; i += W) {
    oldIds.add(before.nodes[i + fId]!);
    beforeTotal += before.nodes[i + fSize]!;
  }

  const s = load(afterFile);
  const types = s.snapshot.meta.node_types[0];
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const ef = s.snapshot.meta.edge_fields;
  const EW = ef.length;
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const n = s.nodes.length / W;
  const firstEdge = new Int32Array(n + 1);
  for (let i = 0, e = 0; i < n; i++) {
    firstEdge[i] = e;
    e += s.nodes[i * W + fEdges]! * EW;
  }
  firstEdge[n] = s.edges.length;

  const label = (i: number): string => {
    const t = types[s.nodes[i * W + fType]!]!;
    if (t.endsWith('string')) return t; // a string's name is its content
    return `${t}/${s.strings[s.nodes[i * W + fName]!]!.slice(0, 50)}`;
  };

  // Breadth first from the root: each object's owner is its parent on a shortest path (as DevTools').
  const owner = new Int32Array(n).fill(-1);
  const ownerEdge = new Array<string>(n);
  const queue = new Int32Array(n);
  const seen = new Uint8Array(n);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  while (head < tail) {
    const i = queue[head++]!;
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += EW) {
      const et = edgeTypes[s.edges[e + eType]!]!;
      if (et === 'weak' || et === 'shortcut') continue;
      const to = s.edges[e + eTo]! / W;
      if (seen[to]) continue;
      seen[to] = 1;
      queue[tail++] = to;
      owner[to] = i;
      const name = et === 'element' || et === 'hidden' ? `[]` : s.strings[s.edges[e + eName]!]!;
      ownerEdge[to] = name.slice(0, 40);
    }
  }

  const groups = new Map<string, [number, number]>();
  let afterTotal = 0;
  let newTotal = 0;
  for (let i = 0; i < n; i++) {
    const size = s.nodes[i * W + fSize]!;
    afterTotal += size;
    if (oldIds.has(s.nodes[i * W + fId]!)) continue;
    newTotal += size;
    let key: string;
    if (values['by-type']) key = label(i);
    else {
      let cur = i;
      for (let guard = 0; owner[cur]! >= 0 && guard < 50; guard++) {
        cur = owner[cur]!;
        if (oldIds.has(s.nodes[cur * W + fId]!)) break;
      }
      const up = owner[cur]! >= 0 ? `${label(owner[cur]!)}.${ownerEdge[cur]} > ` : '';
      key = `${up}${label(cur)}`;
    }
    const g = groups.get(key) ?? [0, 0];
    g[0] += size;
    g[1] += 1;
    groups.set(key, g);
  }
  console.log(
    `net self size: ${((afterTotal - beforeTotal) / per).toFixed(0)} B per unit; ` +
      `new objects: ${(newTotal / per).toFixed(0)} B per unit`,
  );
  const rows = [...groups].sort((a, b) => b[1][0] - a[1][0]).slice(0, Number(values.top));
  for (const [key, [size, count]] of rows)
    console.log(`${(size / per).toFixed(1).padStart(9)} B ${(count / per).toFixed(2).padStart(7)}×  ${key}`);
}

main();
