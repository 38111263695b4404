import { useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../../app/api-error.js';
import { useAppStore } from '../shared/store-context.js';
import { Field } from './field.js';
import { useT } from '../../i18n/use-t.js';

export function SignInForm({ initialUsername = '' }: { initialUsername?: string }) {
  const t = useT();
  const store = useAppStore();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError(t('auth.typeBoth'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await store.signIn(username, password);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      <Field
        label={t('auth.username')}
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        autoFocus
      />
      <Field
        label={t('auth.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary wide" disabled={busy}>
        {busy ? t('auth.signingIn') : t('auth.signIn')}
      </button>
    </form>
  );
}
