import { useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../../app/api-error.js';
import { useAppStore } from '../shared/store-context.js';
import { Field } from './field.js';
import type { FieldTone } from './field.js';
import { useUsernameAvailability } from './use-username-availability.js';
import type { Availability } from './use-username-availability.js';
import { useT } from '../../i18n/use-t.js';

export const PASSWORD_MIN_LENGTH = 8;

function availabilityHint(
  availability: Availability,
  t: ReturnType<typeof useT>,
): { text: string; tone: FieldTone } {
  switch (availability.status) {
    case 'empty':
      return { text: t('auth.usernameRules'), tone: 'neutral' };
    case 'checking':
      return { text: t('auth.checking'), tone: 'neutral' };
    case 'available':
      return { text: t('auth.available'), tone: 'ok' };
    case 'unavailable':
    case 'error':
      return { text: availability.reason, tone: 'problem' };
  }
}

export function SignUpForm() {
  const t = useT();
  const store = useAppStore();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const availability = useUsernameAvailability(store.api, username);
  const hint = availabilityHint(availability, t);
  const passwordShort = password.length > 0 && password.length < PASSWORD_MIN_LENGTH;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password.length < PASSWORD_MIN_LENGTH) {
      setError(t('auth.passwordTooShort', { min: PASSWORD_MIN_LENGTH }));
      return;
    }
    if (availability.status === 'unavailable') {
      setError(t('auth.chooseAnother', { reason: availability.reason }));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await store.signUp({ username, password, displayName, email });
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <form
      className="auth-form"
      onSubmit={submit}
      noValidate
      aria-describedby={error ? 'signup-error' : undefined}
    >
      <Field
        label={t('auth.username')}
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        hint={hint.text}
        tone={hint.tone}
        liveHint
        autoFocus
      />
      <Field
        label={t('auth.password')}
        name="new-password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint={
          passwordShort
            ? t('auth.passwordMore', {
                min: PASSWORD_MIN_LENGTH,
                more: PASSWORD_MIN_LENGTH - password.length,
              })
            : t('auth.passwordMin', { min: PASSWORD_MIN_LENGTH })
        }
        tone={password.length >= PASSWORD_MIN_LENGTH ? 'ok' : passwordShort ? 'problem' : 'neutral'}
      />
      <Field
        label={t('auth.displayName')}
        name="display-name"
        autoComplete="name"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        hint={t('auth.displayNameHint')}
      />
      <Field
        label={t('auth.email')}
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        hint={t('auth.emailHint')}
      />
      {error && (
        <p id="signup-error" className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary wide" disabled={busy}>
        {busy ? t('auth.creating') : t('auth.signUp')}
      </button>
    </form>
  );
}
