/**
 * "Desktop" in Settings (only inside the desktop app): Start at login and Close to tray, read from and
 * saved by the shell, which applies them (login item, what the window's close button does).
 */
import { useEffect, useState } from 'react';
import type { DesktopSettings, DesktopSettingsPatch } from '../../../../common/ipc-contract.js';
import type { DesktopSettingsApi } from '../../platform/desktop-settings.js';
import { useT } from '../../i18n/use-t.js';

export function DesktopSettingsSection({ api }: { api: DesktopSettingsApi }) {
  const t = useT();
  const [settings, setSettings] = useState<DesktopSettings | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void api.get().then((result) => {
      if (!live) return;
      if (result.ok) setSettings(result.value);
      else setError(t('desktop.readFailed', { error: result.error.message }));
    });
    return () => {
      live = false;
    };
  }, [api, t]);

  // The switch moves at once; the shell's answer then confirms it (or puts it back, with the reason).
  async function change(patch: Pick<DesktopSettingsPatch, 'startAtLogin' | 'closeToTray'>): Promise<void> {
    const before = settings;
    if (before) setSettings({ ...before, ...patch });
    const result = await api.set(patch);
    if (result.ok) {
      setSettings(result.value);
      setError(undefined);
    } else {
      setSettings(before);
      setError(t('desktop.saveFailed', { error: result.error.message }));
    }
  }

  return (
    <section className="settings-section" aria-labelledby="desktop-settings-heading">
      <h2 id="desktop-settings-heading">{t('desktop.heading')}</h2>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {settings && (
        <>
          <label className="settings-check">
            <input
              type="checkbox"
              checked={settings.startAtLogin}
              onChange={(e) => void change({ startAtLogin: e.target.checked })}
            />
            <span>
              <span className="settings-check-label">{t('desktop.startAtLogin')}</span>
              <span className="settings-check-hint">{t('desktop.startAtLoginHint')}</span>
            </span>
          </label>
          <label className="settings-check">
            <input
              type="checkbox"
              checked={settings.closeToTray}
              onChange={(e) => void change({ closeToTray: e.target.checked })}
            />
            <span>
              <span className="settings-check-label">{t('desktop.closeToTray')}</span>
              <span className="settings-check-hint">{t('desktop.closeToTrayHint')}</span>
            </span>
          </label>
        </>
      )}
    </section>
  );
}
