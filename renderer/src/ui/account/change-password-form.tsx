import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ChangePasswordRequest } from '../../../../common/account-types.js';
import { errorMessage } from '../../app/api-error.js';
import { Field } from '../auth/field.js';
import { useT } from '../../i18n/use-t.js';

/** The sign-up rule, said before asking the service (which checks it anyway). */
const MIN_LENGTH = 8;

export interface ChangePasswordFormProps {
  /** `api.changePassword` of the app's ApiClient (renderer/src/app/api-client.ts). */
  readonly changePassword: (request: ChangePasswordRequest) => Promise<void>;
  /**
   * Called after the change: every session (this one too) has ended, so the app signs in again with
   * `newPassword` or shows the sign-in screen.
   */
  readonly onChanged?: (newPassword: string) => void;
}

/** "Change password": current, new and repeated new password (for the settings screen). */
export function ChangePasswordForm({ changePassword, onChanged }: ChangePasswordFormProps) {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!current || !next) return setError(t('password.typeBoth'));
    if ([...next].length < MIN_LENGTH) return setError(t('error.username_too_short', { min: MIN_LENGTH }));
    if (next !== repeat) return setError(t('password.mismatch'));
    setBusy(true);
    setError(undefined);
    try {
      await changePassword({ currentPassword: current, newPassword: next });
      setDone(true);
      setCurrent('');
      setRepeat('');
      onChanged?.(next);
      setNext('');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="change-password-form" aria-label={t('password.change')} onSubmit={submit} noValidate>
      <Field
        label={t('password.current')}
        name="current-password"
        type="password"
        autoComplete="current-password"
        required
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <Field
        label={t('password.new')}
        name="new-password"
        type="password"
        autoComplete="new-password"
        hint={t('password.newHint', { min: MIN_LENGTH })}
        required
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <Field
        label={t('password.repeat')}
        name="repeat-password"
        type="password"
        autoComplete="new-password"
        required
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {done && !error && <p role="status">{t('password.changed')}</p>}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? t('password.changing') : t('password.change')}
      </button>
    </form>
  );
}
