import { useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../../app/api-error.js';
import { useAppStore } from '../shared/store-context.js';
import { Field } from './field.js';
import type { FieldTone } from './field.js';
import { useUsernameAvailability } from './use-username-availability.js';
import type { Availability } from './use-username-availability.js';

export const PASSWORD_MIN_LENGTH = 8;

function availabilityHint(availability: Availability): { text: string; tone: FieldTone } {
  switch (availability.status) {
    case 'empty':
      return {
        text: '3–32 letters, digits, dot, underscore or hyphen; start with a letter.',
        tone: 'neutral',
      };
    case 'checking':
      return { text: 'Checking…', tone: 'neutral' };
    case 'available':
      return { text: 'Available', tone: 'ok' };
    case 'unavailable':
    case 'error':
      return { text: availability.reason, tone: 'problem' };
  }
}

export function SignUpForm() {
  const store = useAppStore();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const availability = useUsernameAvailability(store.api, username);
  const hint = availabilityHint(availability);
  const passwordShort = password.length > 0 && password.length < PASSWORD_MIN_LENGTH;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password.length < PASSWORD_MIN_LENGTH) {
      setError(`Choose a password of at least ${PASSWORD_MIN_LENGTH} characters.`);
      return;
    }
    if (availability.status === 'unavailable') {
      setError(`Choose another username: ${availability.reason}`);
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
        label="Username"
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
        label="Password"
        name="new-password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint={
          passwordShort
            ? `At least ${PASSWORD_MIN_LENGTH} characters (${PASSWORD_MIN_LENGTH - password.length} more).`
            : `At least ${PASSWORD_MIN_LENGTH} characters.`
        }
        tone={password.length >= PASSWORD_MIN_LENGTH ? 'ok' : passwordShort ? 'problem' : 'neutral'}
      />
      <Field
        label="Display name"
        name="display-name"
        autoComplete="name"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        hint="How others see you, e.g. Ada Lovelace."
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        hint="Optional. Where Parley sends your voicemail."
      />
      {error && (
        <p id="signup-error" className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary wide" disabled={busy}>
        {busy ? 'Creating your account…' : 'Sign up'}
      </button>
    </form>
  );
}
