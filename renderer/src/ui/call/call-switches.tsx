import { useId, useState } from 'react';
import type { MessageId } from '../../i18n/i18n.js';
import { readClientSettings, writeClientSettings, type ClientSettings } from '../../app/client-settings.js';
import { useT } from '../../i18n/use-t.js';

function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage blocked: the switches work for this page only
  }
}

type Switch = 'callWaiting' | 'autoAnswer';

const SWITCHES: ReadonlyArray<{ key: Switch; label: MessageId; on: MessageId; off: MessageId }> = [
  {
    key: 'callWaiting',
    label: 'switches.callWaiting',
    on: 'switches.callWaitingOn',
    off: 'switches.callWaitingOff',
  },
  {
    key: 'autoAnswer',
    label: 'switches.autoAnswer',
    on: 'switches.autoAnswerOn',
    off: 'switches.autoAnswerOff',
  },
];

/** The call switches of this device: Call waiting (on by default) and Auto-answer (off by default). */
export function CallSwitches() {
  const t = useT();
  const id = useId();
  const [settings, setSettings] = useState<ClientSettings>(() => readClientSettings(browserStorage()));
  return (
    <section className="settings-card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('switches.heading')}</h2>
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
            <label htmlFor={`${id}-${key}`}>{t(label)}</label>
          </div>
          <p className="settings-hint" id={`${id}-${key}-hint`}>
            {t(settings[key] ? on : off)}
          </p>
        </div>
      ))}
    </section>
  );
}
