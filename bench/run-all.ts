/**
 * Runs every benchmark in bench/ one after another and prints their numbers.
 * Benchmarks measure; tests assert. Nothing here fails CI: run it by hand with `npm run bench`
 * (or one script: `npx tsx bench/<name>.ts`) and quote the numbers in the README.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && name !== 'run-all.ts')
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort();

for (const script of scripts) {
  console.log(`\n=== ${script} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, script)], { stdio: 'inherit' });
  console.log(
    `=== ${script}: exit ${result.status ?? result.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
