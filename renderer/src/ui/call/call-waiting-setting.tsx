import { useId, useState } from 'react';
import { readClientSettings, writeClientSettings } from '../../app/client-settings.js';

function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage blocked: the switch works for this page only
  }
}

/** "Call waiting" on this device: a second call rings softly while you talk; off, callers hear busy. */
export function CallWaitingSetting() {
  const id = useId();
  const [on, setOn] = useState(() => readClientSettings(browserStorage()).callWaiting);
  return (
    <section className="settings-card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Calls</h2>
      <div className="settings-row">
        <input
          id={`${id}-cw`}
          type="checkbox"
          checked={on}
          onChange={(event) => {
            const next = event.currentTarget.checked;
            writeClientSettings(browserStorage(), { callWaiting: next });
            setOn(next);
          }}
        />
        <label htmlFor={`${id}-cw`}>Call waiting</label>
      </div>
      <p className="settings-hint">
        {on
          ? 'A second call rings softly while you are in a call: answer it and the first call goes on hold.'
          : 'While you are in a call, other callers hear that you are busy.'}
      </p>
    </section>
  );
}
