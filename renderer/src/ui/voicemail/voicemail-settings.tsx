/**
 * Voicemail settings: how long a call rings before voicemail answers, the greeting callers hear
 * (record one with the microphone, or go back to the default), and in the desktop app where voicemail
 * is read from (the Parley service, or a mailbox over IMAP4 / POP3).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { UserSettings } from '../../../../common/api-types.js';
import { RING_TIMEOUT_MAX, RING_TIMEOUT_MIN } from '../../voicemail/call-settings-api.js';
import { formatLength } from '../../voicemail/voicemail-format.js';
import type { VoicemailController } from '../../voicemail/voicemail-controller.js';
import { useNow } from '../call/use-now.js';
import { CallSwitches } from '../call/call-switches.js';
import { MailboxSourceForm } from './mailbox-source-form.js';
import { useGreetingRecorder } from './use-greeting-recorder.js';
import { Icon } from '../shared/icons.js';

type Status = { readonly tone: 'ok' | 'problem' | 'busy'; readonly text: string } | undefined;

function message(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong. Try again.';
}

export function VoicemailSettings({ controller }: { controller: VoicemailController }) {
  const [settings, setSettings] = useState<UserSettings | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const api = controller.callSettings();

  useEffect(() => {
    let live = true;
    controller
      .callSettings()
      ?.get()
      .then(
        (value) => live && setSettings(value),
        (error: unknown) => live && setLoadError(message(error)),
      );
    return () => {
      live = false;
    };
  }, [controller]);

  return (
    <div className="voicemail-settings">
      {loadError && (
        <p className="inline-error" role="alert">
          {loadError}
        </p>
      )}
      {api && settings && (
        <>
          <CallSwitches />
          <RingTimeForm
            initial={settings.ringTimeoutSec}
            save={async (seconds) => setSettings(await api.setRingTimeout(seconds))}
          />
          <GreetingSection
            custom={settings.customGreeting}
            upload={async (ogg) => {
              await api.uploadGreeting(ogg);
              setSettings({ ...settings, customGreeting: true });
            }}
            reset={async () => {
              await api.resetGreeting();
              setSettings({ ...settings, customGreeting: false });
            }}
          />
        </>
      )}
      {!settings && !loadError && <p role="status">Loading settings…</p>}
      {controller.desktop && (
        <MailboxSourceForm api={controller.desktop} onSaved={() => void controller.reloadSource()} />
      )}
    </div>
  );
}

function StatusLine({ status }: { status: Status }) {
  return (
    <p
      className={`settings-status${status ? ` tone-${status.tone}` : ''}`}
      role={status?.tone === 'problem' ? 'alert' : 'status'}
    >
      {status?.text ?? ''}
    </p>
  );
}

function RingTimeForm({ initial, save }: { initial: number; save: (seconds: number) => Promise<void> }) {
  const id = useId();
  const [value, setValue] = useState(String(initial));
  const [status, setStatus] = useState<Status>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < RING_TIMEOUT_MIN || seconds > RING_TIMEOUT_MAX) {
      setStatus({
        tone: 'problem',
        text: `Choose a ring time from ${RING_TIMEOUT_MIN} to ${RING_TIMEOUT_MAX} seconds.`,
      });
      return;
    }
    setStatus({ tone: 'busy', text: 'Saving…' });
    try {
      await save(seconds);
      setStatus({ tone: 'ok', text: `Saved: calls ring ${seconds} seconds before voicemail answers.` });
    } catch (error) {
      setStatus({ tone: 'problem', text: message(error) });
    }
  };
  return (
    <form className="settings-card" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Ring time</h2>
      <p className="settings-hint">How long a call rings before voicemail answers.</p>
      <div className="settings-row">
        <label htmlFor={`${id}-ring`}>Ring time before voicemail (seconds)</label>
        <input
          id={`${id}-ring`}
          type="number"
          inputMode="numeric"
          min={RING_TIMEOUT_MIN}
          max={RING_TIMEOUT_MAX}
          step={1}
          value={value}
          onChange={(event) => setValue(event.currentTarget.value)}
        />
        <button type="submit" className="button small primary">
          Save ring time
        </button>
      </div>
      <StatusLine status={status} />
    </form>
  );
}

function GreetingSection({
  custom,
  upload,
  reset,
}: {
  custom: boolean;
  upload: (ogg: Blob) => Promise<void>;
  reset: () => Promise<void>;
}) {
  const id = useId();
  const recorder = useGreetingRecorder();
  const [status, setStatus] = useState<Status>();
  const { state } = recorder;
  const now = useNow(state.status === 'recording', 250);
  const section = useRef<HTMLElement>(null);
  const firstStatus = useRef(true);

  // Record → Stop → Use/Discard → Record: each step replaces the button just pressed. Hand the focus to
  // the new step's first button instead of letting it fall to <body>.
  useEffect(() => {
    if (firstStatus.current) {
      firstStatus.current = false;
      return;
    }
    const active = document.activeElement;
    const lost = !active || active === document.body || (active as HTMLButtonElement).disabled === true;
    if (!lost) return;
    section.current?.querySelector<HTMLElement>('button:not(:disabled)')?.focus();
  }, [state.status]);
  const run = async (busy: string, work: () => Promise<void>, done: string) => {
    setStatus({ tone: 'busy', text: busy });
    try {
      await work();
      setStatus({ tone: 'ok', text: done });
    } catch (error) {
      setStatus({ tone: 'problem', text: message(error) });
    }
  };
  return (
    <section className="settings-card" aria-labelledby={`${id}-h`} ref={section}>
      <h2 id={`${id}-h`}>Greeting</h2>
      <p className="settings-hint">
        {custom ? 'Callers hear the greeting you recorded.' : 'Callers hear the default greeting.'}
      </p>
      {state.status === 'recording' ? (
        <div className="settings-row">
          <span className="recording-dot" aria-hidden="true" />
          <span className="recording-time" role="timer" aria-label="Recording time">
            {formatLength(now - state.startedAt)}
          </span>
          <button type="button" className="button small" onClick={recorder.stop}>
            <Icon name="stop" size={16} />
            Stop recording
          </button>
        </div>
      ) : state.status === 'recorded' ? (
        <div className="greeting-preview">
          <audio controls src={state.url} aria-label="Your new greeting" />
          <div className="settings-row">
            <button
              type="button"
              className="button small primary"
              onClick={() =>
                void run(
                  'Uploading…',
                  async () => {
                    await upload(state.ogg);
                    recorder.discard();
                  },
                  'Saved: callers now hear your greeting.',
                )
              }
            >
              Use this greeting
            </button>
            <button type="button" className="button small ghost" onClick={recorder.discard}>
              Discard
            </button>
          </div>
        </div>
      ) : (
        <div className="settings-row">
          <button
            type="button"
            className="button small"
            disabled={state.status === 'starting'}
            onClick={() => {
              setStatus(undefined);
              void recorder.start();
            }}
          >
            <Icon name="record" size={16} />
            Record a greeting
          </button>
          {custom && (
            <button
              type="button"
              className="button small ghost"
              onClick={() => void run('Resetting…', reset, 'Callers hear the default greeting again.')}
            >
              Use the default greeting
            </button>
          )}
        </div>
      )}
      {state.status === 'error' && (
        <p className="inline-error" role="alert">
          {state.error}
        </p>
      )}
      <StatusLine status={status} />
    </section>
  );
}
