import { useDevicesHub } from './devices-context.js';
import { useT } from '../../i18n/use-t.js';

/** Opens Audio settings (from the header, and from a call). */
export function AudioSettingsButton({ variant = 'header' }: { variant?: 'header' | 'call' }) {
  const t = useT();
  const hub = useDevicesHub();
  if (!hub) return null;
  return (
    <button
      type="button"
      className={variant === 'header' ? 'icon-button quiet' : 'round-button'}
      aria-label={t('audio.settings')}
      aria-haspopup="dialog"
      onClick={() => hub.openSettings()}
    >
      <HeadsetIcon size={variant === 'header' ? 20 : 26} />
      {variant === 'call' && <span>{t('audio.short')}</span>}
    </button>
  );
}

/** A headset (decorative). */
function HeadsetIcon({ size }: { size: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M12 2a9 9 0 0 0-9 9v6a3 3 0 0 0 3 3h2v-8H5v-1a7 7 0 0 1 14 0v1h-3v8h2.2a2 2 0 0 1-1.9 1.5H13v1.5h3.3a3.5 3.5 0 0 0 3.5-3.1A3 3 0 0 0 21 17v-6a9 9 0 0 0-9-9z" />
    </svg>
  );
}
