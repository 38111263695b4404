/**
 * Settings: the desktop app's own switches (Start at login, Close to tray; only inside the desktop
 * app), and the ways to the keyboard shortcuts and the About dialog.
 */
import { useMemo, useState } from 'react';
import { desktopSettingsApi } from '../../platform/desktop-settings.js';
import { Icon } from '../shared/icons.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { AboutDialog } from './about-dialog.js';
import { DesktopSettingsSection } from './desktop-settings-section.js';
import { LanguageSection } from './language-section.js';
import './settings.css';
import { useT } from '../../i18n/use-t.js';

export function SettingsDialog({
  open,
  onClose,
  onShortcuts,
}: {
  open: boolean;
  onClose: () => void;
  onShortcuts: () => void;
}) {
  const t = useT();
  const desktop = useMemo(() => desktopSettingsApi(), []);
  const [about, setAbout] = useState(false);
  return (
    <>
      <ModalDialog open={open} title={t('settings.title')} onClose={onClose} className="app-settings-dialog">
        <LanguageSection />
        {desktop && <DesktopSettingsSection api={desktop} />}
        <section className="settings-section" aria-labelledby="settings-help-heading">
          <h2 id="settings-help-heading">{t('settings.help')}</h2>
          <div className="settings-links">
            <button type="button" className="button" aria-haspopup="dialog" onClick={onShortcuts}>
              <Icon name="keyboard" size={18} />
              {t('shortcuts.title')}
            </button>
            <button type="button" className="button" aria-haspopup="dialog" onClick={() => setAbout(true)}>
              <Icon name="info" size={18} />
              {t('about.title')}
            </button>
          </div>
        </section>
      </ModalDialog>
      <AboutDialog open={about} onClose={() => setAbout(false)} />
    </>
  );
}

/** Opens Settings. */
export function SettingsButton({ onOpen }: { onOpen: () => void }) {
  const t = useT();
  return (
    <button
      type="button"
      className="icon-button quiet"
      aria-label={t('settings.title')}
      title={t('settings.title')}
      aria-haspopup="dialog"
      onClick={onOpen}
    >
      <Icon name="settings" size={22} />
    </button>
  );
}
