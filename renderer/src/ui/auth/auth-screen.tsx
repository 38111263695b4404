import { useState } from 'react';
import { useAppState } from '../shared/store-context.js';
import { SignInForm } from './sign-in-form.js';
import { SignUpForm } from './sign-up-form.js';
import { useT } from '../../i18n/use-t.js';

/** Sign up / sign in. New visitors see sign-up; a notice (e.g. session ended) leads with sign-in. */
export function AuthScreen() {
  const t = useT();
  const state = useAppState();
  const notice = state.auth.status === 'signed-out' ? state.auth.notice : undefined;
  const [mode, setMode] = useState<'sign-up' | 'sign-in'>(notice ? 'sign-in' : 'sign-up');

  return (
    <main className="auth-screen">
      <div className="auth-card">
        <div className="brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <span className="brand-name">Parley</span>
        </div>
        <h1>{mode === 'sign-up' ? t('auth.createTitle') : t('auth.welcomeBack')}</h1>
        <p className="lead">{mode === 'sign-up' ? t('auth.createLead') : t('auth.signInLead')}</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {mode === 'sign-up' ? <SignUpForm /> : <SignInForm />}
        <p className="switch-mode">
          {mode === 'sign-up' ? t('auth.haveAccount') : t('auth.newToParley')}{' '}
          <button
            type="button"
            className="link"
            onClick={() => setMode(mode === 'sign-up' ? 'sign-in' : 'sign-up')}
          >
            {mode === 'sign-up' ? t('auth.useAccount') : t('auth.createAccount')}
          </button>
        </p>
      </div>
    </main>
  );
}
