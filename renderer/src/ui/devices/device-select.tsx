import { useId } from 'react';
import type { DeviceOption } from '../../devices/audio/audio-device-manager.js';
import { deviceName } from '../../devices/audio/audio-device-manager.js';
import { useT } from '../../i18n/use-t.js';

/** A labelled combobox of devices, "Default" first (follows the OS default). */
export function DeviceSelect({
  label,
  hint,
  options,
  value,
  disabled,
  onChange,
}: {
  label: string;
  hint?: string;
  options: readonly DeviceOption[];
  value: string;
  disabled?: boolean;
  onChange: (deviceId: string) => void;
}) {
  const t = useT();
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="device-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={hint ? hintId : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="default">{t('devices.default')}</option>
        {options.map((o, index) => (
          <option key={o.deviceId} value={o.deviceId}>
            {o.label ? deviceName(o.label) : `${label} ${index + 1}`}
          </option>
        ))}
      </select>
      {hint && (
        <p className="device-hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
