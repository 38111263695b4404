/**
 * The UI's accessible names and states, rendered to static HTML in Node (no DOM needed): the e2e tests
 * and screen readers find controls by these names, so a rename must fail here first.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../../../common/api-types.js';
import { createAppStore } from '../../../../renderer/src/app/app-store.js';
import { createSessionPersistence } from '../../../../renderer/src/app/session-persistence.js';
import type { CallSnapshot } from '../../../../renderer/src/engine/phone-engine-contract.js';
import { withNextStep } from '../../../../renderer/src/ui/auth/use-username-availability.js';
import { AuthScreen } from '../../../../renderer/src/ui/auth/auth-screen.js';
import { CallPanel } from '../../../../renderer/src/ui/call/call-panel.js';
import { IncomingCallCard } from '../../../../renderer/src/ui/call/incoming-call-card.js';
import { UserRow } from '../../../../renderer/src/ui/main/user-row.js';
import { StoreProvider } from '../../../../renderer/src/ui/shared/store-context.js';
import { FakePhoneEngine } from '../app/fake-phone-engine.js';

function render(element: ReactElement): string {
  const store = createAppStore({
    persistence: createSessionPersistence(undefined),
    createEngine: () => new FakePhoneEngine(),
    openPresenceFeed: () => ({ close: () => undefined }),
    fetch: async () => new Response('{}', { status: 500 }),
  });
  return renderToStaticMarkup(<StoreProvider store={store}>{element}</StoreProvider>);
}

const bob: DirectoryEntry = {
  username: 'bob',
  displayName: 'Bob Builder',
  aor: 'sip:bob@localhost',
  presence: 'on-call',
  isContact: false,
};

const call: CallSnapshot = {
  id: 'c1',
  direction: 'outgoing',
  peer: { username: 'bob', uri: 'sip:bob@localhost' },
  state: 'active',
  muted: false,
  held: false,
  holdPending: false,
  remoteHeld: false,
  createdAt: 0,
  answeredAt: Date.now() - 42_000,
};

describe('accessible names', () => {
  it('sign-up form: labelled fields and the Sign up button', () => {
    const html = render(<AuthScreen />);
    for (const label of ['Username', 'Password', 'Display name', 'Email']) {
      expect(html).toMatch(new RegExp(`<label for="[^"]+">${label}</label>`));
    }
    expect(html).toContain('type="password"');
    expect(html).toMatch(/<button type="submit"[^>]*>Sign up<\/button>/);
    expect(html).toContain('At least 8 characters.');
  });

  it('a user row: presence in words, Call / Add buttons named with the username', () => {
    const html = render(<UserRow user={bob} canCall />);
    expect(html).toContain('aria-label="Call bob"');
    expect(html).toContain('aria-label="Add bob to contacts"');
    expect(html).toContain('On the phone');
    const dnd = render(
      <UserRow
        user={{ ...bob, presence: 'online', status: { availability: 'dnd', note: 'Back at 3' } }}
        canCall
      />,
    );
    expect(dnd).toContain('Do not disturb');
    expect(dnd).toContain('Back at 3');
    const contact = render(<UserRow user={{ ...bob, isContact: true }} canCall={false} />);
    expect(contact).toContain('aria-label="Remove bob from contacts"');
    expect(contact).toMatch(/aria-label="Call bob"[^>]*disabled=""/);
  });

  it('the call panel: timer, Mute toggle with aria-pressed, Hang up', () => {
    const html = render(<CallPanel call={call} name="Bob Builder" onClose={() => undefined} />);
    expect(html).toMatch(/In call<\/span> <span class="timer">00:4[23]<\/span>/);
    expect(html).toMatch(/aria-pressed="false"[^>]*>.*<span>Mute<\/span>/);
    expect(html).toContain('<span>Hang up</span>');
    const muted = render(
      <CallPanel call={{ ...call, muted: true }} name="Bob Builder" onClose={() => undefined} />,
    );
    expect(muted).toMatch(/aria-pressed="true"[^>]*>.*<span>Unmute<\/span>/);
  });

  it('an ended call says why, and offers Close', () => {
    const html = render(
      <CallPanel
        call={{ ...call, state: 'ended', endReason: 'unavailable', endedAt: 1 }}
        name="bob"
        onClose={() => undefined}
      />,
    );
    expect(html).toContain('Call ended');
    expect(html).toContain('bob is offline. Try again later.');
    expect(html).toContain('Close');
    expect(html).not.toContain('Hang up');
  });

  it('the incoming card: "NAME is calling", Answer and Decline', () => {
    const html = render(
      <IncomingCallCard
        call={{ ...call, direction: 'incoming', state: 'incoming' }}
        name="Bob Builder"
        focus
      />,
    );
    expect(html).toContain('Bob Builder is calling');
    expect(html).toContain('<span>Answer</span>');
    expect(html).toContain('<span>Decline</span>');
  });
});

describe('withNextStep', () => {
  it('adds what to do to a bare reason, and leaves guidance alone', () => {
    expect(withNextStep('This username is taken')).toBe('This username is taken. Try another.');
    expect(withNextStep('This username is taken.')).toBe('This username is taken. Try another.');
    expect(withNextStep('Use at least 3 characters.')).toBe('Use at least 3 characters.');
  });
});
