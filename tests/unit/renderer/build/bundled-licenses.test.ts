import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectBundledPackages, packageRootOf } from '../../../../renderer/build/bundled-licenses.js';

const require = createRequire(import.meta.url);

describe('bundled licences (the About dialog list)', () => {
  it('finds the package of a module file, scoped or not, and skips the app’s own code', () => {
    expect(packageRootOf('/r/node_modules/react/cjs/react.production.js')).toBe('/r/node_modules/react');
    expect(packageRootOf('/r/node_modules/@scope/pkg/dist/x.js')).toBe('/r/node_modules/@scope/pkg');
    expect(packageRootOf('/r/node_modules/a/node_modules/b/i.js?commonjs-proxy')).toBe(
      '/r/node_modules/a/node_modules/b',
    );
    expect(packageRootOf('/r/renderer/src/main.tsx')).toBeUndefined();
    expect(packageRootOf('\0vite/modulepreload-polyfill')).toBeUndefined();
  });

  it('lists react and sip.js with their MIT licence and installed versions, once each, sorted', () => {
    const files = [
      require.resolve('react'),
      require.resolve('react/jsx-runtime'),
      require.resolve('sip.js'),
      path.resolve('renderer/src/main.tsx'),
    ];
    const list = collectBundledPackages(files);
    const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
    expect(list).toEqual([
      { name: 'react', version: version('react'), license: 'MIT' },
      { name: 'sip.js', version: version('sip.js'), license: 'MIT' },
    ]);
  });
});
