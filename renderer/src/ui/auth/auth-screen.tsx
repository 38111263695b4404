import { useState } from 'react';
import { useAppState } from '../shared/store-context.js';
import { SignInForm } from './sign-in-form.js';
import { SignUpForm } from './sign-up-form.js';

/** Sign up / sign in. New visitors see sign-up; a notice (e.g. session ended) leads with sign-in. */
export function AuthScreen() {
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
        <h1>{mode === 'sign-up' ? 'Create your Parley account' : 'Welcome back'}</h1>
        <p className="lead">
          {mode === 'sign-up' ? 'Pick a username people can call you by.' : 'Sign in to make and take calls.'}
        </p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {mode === 'sign-up' ? <SignUpForm /> : <SignInForm />}
        <p className="switch-mode">
          {mode === 'sign-up' ? 'Already have an account?' : 'New to Parley?'}{' '}
          <button
            type="button"
            className="link"
            onClick={() => setMode(mode === 'sign-up' ? 'sign-in' : 'sign-up')}
          >
            {mode === 'sign-up' ? 'Use your account' : 'Create an account'}
          </button>
        </p>
      </div>
    </main>
  );
}
