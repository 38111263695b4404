/**
 * "About Parley": the version, and the name, version and licence of every library bundled in the app,
 * read from `licenses.json`, which the web build writes from the packages it actually bundled
 * (renderer/build/bundled-licenses.ts).
 */
import { useEffect, useState } from 'react';
import type { LicenseManifest } from '../../../build/bundled-licenses.js';
import { ModalDialog } from '../shared/modal-dialog.js';

type Loaded = { status: 'loading' } | { status: 'ready'; manifest: LicenseManifest } | { status: 'error' };

async function loadManifest(): Promise<LicenseManifest> {
  const response = await fetch(new URL('/licenses.json', window.location.href));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as LicenseManifest;
}

export function AboutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  useEffect(() => {
    if (!open) return;
    let live = true;
    loadManifest().then(
      (manifest) => live && setLoaded({ status: 'ready', manifest }),
      () => live && setLoaded({ status: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [open]);

  return (
    <ModalDialog open={open} title="About Parley" onClose={onClose} className="about-dialog">
      <div className="about-brand">
        <img src="/favicon.svg" alt="" width={48} height={48} />
        <div>
          <p className="about-name">Parley</p>
          <p className="about-version">
            {loaded.status === 'ready' ? `Version ${loaded.manifest.app.version}` : 'Version …'}
          </p>
        </div>
      </div>
      <p className="about-lead">A desktop softphone and the small service behind it.</p>
      <h2 className="about-heading">Libraries in this app</h2>
      {loaded.status === 'error' && (
        <p className="inline-error" role="alert">
          The list of libraries could not be loaded.
        </p>
      )}
      {loaded.status === 'ready' && (
        <table className="about-licenses" aria-label="Bundled libraries and their licences">
          <thead>
            <tr>
              <th scope="col">Library</th>
              <th scope="col">Version</th>
              <th scope="col">Licence</th>
            </tr>
          </thead>
          <tbody>
            {loaded.manifest.packages.map((pkg) => (
              <tr key={`${pkg.name}@${pkg.version}`}>
                <th scope="row">{pkg.name}</th>
                <td>{pkg.version}</td>
                <td>{pkg.license}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ModalDialog>
  );
}
