import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ChangePasswordRequest } from '../../../../common/account-types.js';
import { errorMessage } from '../../app/api-error.js';
import { Field } from '../auth/field.js';

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
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!current || !next) return setError('Type your current password and a new one.');
    if ([...next].length < MIN_LENGTH) return setError(`Use at least ${MIN_LENGTH} characters.`);
    if (next !== repeat) return setError('The new passwords are not the same.');
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
    <form className="change-password-form" aria-label="Change password" onSubmit={submit} noValidate>
      <Field
        label="Current password"
        name="current-password"
        type="password"
        autoComplete="current-password"
        required
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <Field
        label="New password"
        name="new-password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_LENGTH} characters. Every device signs out and signs in again with it.`}
        required
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <Field
        label="Repeat the new password"
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
      {done && !error && <p role="status">Password changed.</p>}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
