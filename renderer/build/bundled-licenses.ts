/**
 * A Vite plugin that writes `licenses.json` next to the web client: the app's name and version, and
 * the name, version and licence of every npm package whose code ended up in the bundle (read from each
 * package's own package.json at build time, so the list is exactly what ships). The About dialog reads
 * it. Modules are taken from the chunks Rollup/Rolldown wrote, so tree-shaken-away packages and
 * build-only tools (Vite, the React plugin) are not listed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  /** SPDX expression from package.json (`license`, or the old `licenses[]` form), or `UNKNOWN`. */
  readonly license: string;
}

export interface LicenseManifest {
  readonly app: { readonly name: string; readonly version: string };
  readonly packages: readonly BundledPackage[];
}

export const LICENSES_FILE = 'licenses.json';

/** The folder of the npm package a module file belongs to, or undefined for the app's own code. */
export function packageRootOf(moduleId: string): string | undefined {
  const file = moduleId.replace(/^\0/, '').split('?')[0]!.replaceAll('\\', '/');
  const marker = '/node_modules/';
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const rest = file.slice(at + marker.length).split('/');
  const depth = rest[0]?.startsWith('@') ? 2 : 1;
  if (rest.length <= depth) return undefined;
  return file.slice(0, at + marker.length) + rest.slice(0, depth).join('/');
}

function licenseOf(manifest: Record<string, unknown>): string {
  if (typeof manifest.license === 'string') return manifest.license;
  if (typeof manifest.license === 'object' && manifest.license !== null) {
    const type = (manifest.license as { type?: unknown }).type;
    if (typeof type === 'string') return type;
  }
  if (Array.isArray(manifest.licenses)) {
    const types = manifest.licenses
      .map((entry: unknown) =>
        typeof entry === 'object' && entry !== null ? (entry as { type?: unknown }).type : undefined,
      )
      .filter((type): type is string => typeof type === 'string');
    if (types.length > 0) return types.length === 1 ? types[0]! : `(${types.join(' OR ')})`;
  }
  return 'UNKNOWN';
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** The packages behind these module files, one entry per name@version, sorted by name. */
export function collectBundledPackages(moduleIds: Iterable<string>): BundledPackage[] {
  const roots = new Set<string>();
  for (const id of moduleIds) {
    const root = packageRootOf(id);
    if (root) roots.add(root);
  }
  const found = new Map<string, BundledPackage>();
  for (const root of roots) {
    const file = path.join(root, 'package.json');
    if (!fs.existsSync(file)) continue;
    const manifest = readJson(file);
    if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') continue;
    const entry = { name: manifest.name, version: manifest.version, license: licenseOf(manifest) };
    found.set(`${entry.name}@${entry.version}`, entry);
  }
  return [...found.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
}

/** The plugin: emits `licenses.json` for the app described by `appPackageJson`. */
export function bundledLicenses(appPackageJson: string): Plugin {
  return {
    name: 'parley-bundled-licenses',
    apply: 'build',
    generateBundle(_options, bundle) {
      const ids: string[] = [];
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') ids.push(...output.moduleIds);
      }
      const app = readJson(appPackageJson);
      const manifest: LicenseManifest = {
        app: { name: String(app.name), version: String(app.version) },
        packages: collectBundledPackages(ids),
      };
      this.emitFile({
        type: 'asset',
        fileName: LICENSES_FILE,
        source: `${JSON.stringify(manifest, null, 2)}\n`,
      });
    },
  };
}
