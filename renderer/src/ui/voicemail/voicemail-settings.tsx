/**
 * Voicemail settings: how long a call rings before voicemail answers, the greeting callers hear
 * (record one with the microphone, or go back to the default), and in the desktop app where voicemail
 * is read from (the Parley service, or a mailbox over IMAP4 / POP3).
 */
import { errorMessage } from '../../app/api-error.js';
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
import { useT } from '../../i18n/use-t.js';

type Status = { readonly tone: 'ok' | 'problem' | 'busy'; readonly text: string } | undefined;

function message(error: unknown): string {
  return errorMessage(error);
}

export function VoicemailSettings({ controller }: { controller: VoicemailController }) {
  const t = useT();
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
      {!settings && !loadError && <p role="status">{t('voicemail.loadingSettings')}</p>}
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
  const t = useT();
  const id = useId();
  const [value, setValue] = useState(String(initial));
  const [status, setStatus] = useState<Status>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < RING_TIMEOUT_MIN || seconds > RING_TIMEOUT_MAX) {
      setStatus({
        tone: 'problem',
        text: t('voicemail.ringTimeRange', { min: RING_TIMEOUT_MIN, max: RING_TIMEOUT_MAX }),
      });
      return;
    }
    setStatus({ tone: 'busy', text: t('common.saving') });
    try {
      await save(seconds);
      setStatus({ tone: 'ok', text: t('voicemail.ringTimeSaved', { seconds }) });
    } catch (error) {
      setStatus({ tone: 'problem', text: message(error) });
    }
  };
  return (
    <form className="settings-card" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('voicemail.ringTime')}</h2>
      <p className="settings-hint">{t('voicemail.ringTimeHint')}</p>
      <div className="settings-row">
        <label htmlFor={`${id}-ring`}>{t('voicemail.ringTimeLabel')}</label>
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
          {t('voicemail.saveRingTime')}
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
  const t = useT();
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
      <h2 id={`${id}-h`}>{t('greeting.heading')}</h2>
      <p className="settings-hint">{custom ? t('greeting.custom') : t('greeting.default')}</p>
      {state.status === 'recording' ? (
        <div className="settings-row">
          <span className="recording-dot" aria-hidden="true" />
          <span className="recording-time" role="timer" aria-label={t('greeting.recordingTime')}>
            {formatLength(now - state.startedAt)}
          </span>
          <button type="button" className="button small" onClick={recorder.stop}>
            <Icon name="stop" size={16} />
            {t('greeting.stop')}
          </button>
        </div>
      ) : state.status === 'recorded' ? (
        <div className="greeting-preview">
          <audio controls src={state.url} aria-label={t('greeting.preview')} />
          <div className="settings-row">
            <button
              type="button"
              className="button small primary"
              onClick={() =>
                void run(
                  t('greeting.uploading'),
                  async () => {
                    await upload(state.ogg);
                    recorder.discard();
                  },
                  t('greeting.saved'),
                )
              }
            >
              {t('greeting.use')}
            </button>
            <button type="button" className="button small ghost" onClick={recorder.discard}>
              {t('greeting.discard')}
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
            {t('greeting.record')}
          </button>
          {custom && (
            <button
              type="button"
              className="button small ghost"
              onClick={() => void run(t('greeting.resetting'), reset, t('greeting.resetDone'))}
            >
              {t('greeting.useDefault')}
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
