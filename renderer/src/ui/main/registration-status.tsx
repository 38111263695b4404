import { registrationText } from '../../app/call-text.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import { useT } from '../../i18n/use-t.js';

/** Whether you can be called ("Ready for calls", or what is wrong and Reconnect). */
export function RegistrationStatus() {
  const t = useT();
  const store = useAppStore();
  const state = useAppState();
  const status = registrationText(state.phone.registration);
  return (
    <div className={`registration tone-${status.tone}`} role="status" aria-live="polite">
      <span className="registration-dot" aria-hidden="true" />
      <span className="registration-label">{status.label}</span>
      {status.hint && <span className="registration-hint">{status.hint}</span>}
      {(status.tone === 'problem' || status.tone === 'idle') && (
        <button type="button" className="button small" onClick={() => void store.reconnect()}>
          {t('registration.reconnect')}
        </button>
      )}
    </div>
  );
}
