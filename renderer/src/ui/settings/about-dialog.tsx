/**
 * "About Parley": the version, and the name, version and licence of every library bundled in the app,
 * read from `licenses.json`, which the web build writes from the packages it actually bundled
 * (renderer/build/bundled-licenses.ts).
 */
import { useEffect, useState } from 'react';
import type { LicenseManifest } from '../../../build/bundled-licenses.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { useT } from '../../i18n/use-t.js';

type Loaded = { status: 'loading' } | { status: 'ready'; manifest: LicenseManifest } | { status: 'error' };

async function loadManifest(): Promise<LicenseManifest> {
  const response = await fetch(new URL('/licenses.json', window.location.href));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as LicenseManifest;
}

export function AboutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
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
    <ModalDialog open={open} title={t('about.title')} onClose={onClose} className="about-dialog">
      <div className="about-brand">
        <img src="/favicon.svg" alt="" width={48} height={48} />
        <div>
          <p className="about-name">Parley</p>
          <p className="about-version">
            {t('about.version', { version: loaded.status === 'ready' ? loaded.manifest.app.version : '…' })}
          </p>
        </div>
      </div>
      <p className="about-lead">{t('about.lead')}</p>
      <h2 className="about-heading">{t('about.libraries')}</h2>
      {loaded.status === 'error' && (
        <p className="inline-error" role="alert">
          {t('about.loadFailed')}
        </p>
      )}
      {loaded.status === 'ready' && (
        <table className="about-licenses" aria-label={t('about.tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('about.library')}</th>
              <th scope="col">{t('about.versionColumn')}</th>
              <th scope="col">{t('about.licence')}</th>
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
