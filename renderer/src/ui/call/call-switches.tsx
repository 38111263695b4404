import { useId, useState } from 'react';
import { readClientSettings, writeClientSettings, type ClientSettings } from '../../app/client-settings.js';

function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage blocked: the switches work for this page only
  }
}

type Switch = 'callWaiting' | 'autoAnswer';

const SWITCHES: ReadonlyArray<{ key: Switch; label: string; on: string; off: string }> = [
  {
    key: 'callWaiting',
    label: 'Call waiting',
    on: 'A second call rings softly while you are in a call: answer it and the first call goes on hold.',
    off: 'While you are in a call, other callers hear that you are busy.',
  },
  {
    key: 'autoAnswer',
    label: 'Auto-answer',
    on: 'Calls are answered at once, without ringing, when you are not in another call (intercom).',
    off: 'Calls ring until you answer them.',
  },
];

/** The call switches of this device: Call waiting (on by default) and Auto-answer (off by default). */
export function CallSwitches() {
  const id = useId();
  const [settings, setSettings] = useState<ClientSettings>(() => readClientSettings(browserStorage()));
  return (
    <section className="settings-card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Calls</h2>
      {SWITCHES.map(({ key, label, on, off }) => (
        <div key={key}>
          <div className="settings-row">
            <input
              id={`${id}-${key}`}
              type="checkbox"
              checked={settings[key]}
              aria-describedby={`${id}-${key}-hint`}
              onChange={(event) =>
                setSettings(writeClientSettings(browserStorage(), { [key]: event.currentTarget.checked }))
              }
            />
            <label htmlFor={`${id}-${key}`}>{label}</label>
          </div>
          <p className="settings-hint" id={`${id}-${key}-hint`}>
            {settings[key] ? on : off}
          </p>
        </div>
      ))}
    </section>
  );
}
