/**
 * Desktop only: where voicemail is read from. The Parley service (default), or the user's mailbox over
 * IMAP4 (stays on the server) or POP3 (downloaded, optionally leaving a copy). "Test connection" logs in
 * with what is typed and shows the mail module's clear error; the password goes to the OS keychain.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type {
  IpcResult,
  MailTlsMode,
  VoicemailSourceKind,
  VoicemailSourceUpdate,
} from '../../../../common/ipc-contract.js';
import type { DesktopVoicemailApi } from '../../platform/desktop-voicemail.js';
import { useT } from '../../i18n/use-t.js';

const DEFAULT_PORTS: Record<'imap' | 'pop3', Record<MailTlsMode, number>> = {
  imap: { none: 143, starttls: 143, implicit: 993 },
  pop3: { none: 110, starttls: 110, implicit: 995 },
};

type Status = { readonly tone: 'ok' | 'problem' | 'busy'; readonly text: string } | undefined;

interface Draft {
  kind: VoicemailSourceKind;
  host: string;
  port: string;
  tls: MailTlsMode;
  user: string;
  password: string;
  leaveCopy: boolean;
  hasPassword: boolean;
}

const EMPTY: Draft = {
  kind: 'service',
  host: '',
  port: '993',
  tls: 'implicit',
  user: '',
  password: '',
  leaveCopy: false,
  hasPassword: false,
};

export function MailboxSourceForm({ api, onSaved }: { api: DesktopVoicemailApi; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [status, setStatus] = useState<Status>();
  const [askPlainText, setAskPlainText] = useState(false);
  const [allowPlainText, setAllowPlainText] = useState(false);

  useEffect(() => {
    let live = true;
    void api.getSource().then((result) => {
      if (!live || !result.ok) return;
      const s = result.value;
      setDraft(
        s.kind === 'service'
          ? EMPTY
          : { ...EMPTY, ...s, port: String(s.port), password: '', hasPassword: s.hasPassword },
      );
    });
    return () => {
      live = false;
    };
  }, [api]);

  const change = (patch: Partial<Draft>): void => {
    setDraft((d) => {
      const next = { ...d, ...patch };
      // Follow the usual port for the protocol and TLS mode unless the user typed another one.
      if ((patch.kind || patch.tls) && next.kind !== 'service') {
        const usual = Object.values(DEFAULT_PORTS).flatMap((m) => Object.values(m).map(String));
        if (d.port === '' || usual.includes(d.port)) next.port = String(DEFAULT_PORTS[next.kind][next.tls]);
      }
      return next;
    });
    setStatus(undefined);
  };

  const update = (): VoicemailSourceUpdate | string => {
    if (draft.kind === 'service') return { kind: 'service' };
    const port = Number(draft.port);
    if (!draft.host.trim()) return t('mailbox.needHost');
    if (!Number.isInteger(port) || port < 1 || port > 65535) return t('mailbox.badPort');
    if (!draft.user.trim()) return t('mailbox.needUser');
    if (!draft.password && !draft.hasPassword) return t('mailbox.needPassword');
    if (draft.kind === 'pop3' && draft.tls === 'starttls') return t('mailbox.pop3Tls');
    return {
      kind: draft.kind,
      host: draft.host.trim(),
      port,
      tls: draft.tls,
      user: draft.user.trim(),
      ...(draft.password ? { password: draft.password } : {}),
      ...(draft.kind === 'pop3' ? { leaveCopy: draft.leaveCopy } : {}),
      ...(allowPlainText ? { allowPlainText: true } : {}),
    };
  };

  const run = async (
    busy: string,
    call: (u: VoicemailSourceUpdate) => Promise<IpcResult<unknown>>,
    done: string,
    after?: () => void,
  ) => {
    const u = update();
    if (typeof u === 'string') {
      setStatus({ tone: 'problem', text: u });
      return;
    }
    setStatus({ tone: 'busy', text: busy });
    const result = await call(u);
    if (result.ok) {
      setStatus({ tone: 'ok', text: done });
      after?.();
    } else {
      if (result.error.code === 'plain_text_only') setAskPlainText(true);
      setStatus({ tone: 'problem', text: result.error.message });
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(
      t('common.saving'),
      (u) => api.saveSource(u),
      t('common.saved'),
      () => {
        setDraft((d) => ({ ...d, password: '', hasPassword: d.kind !== 'service' }));
        onSaved();
      },
    );
  };

  const mailbox = draft.kind !== 'service';
  return (
    <form className="settings-card" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('mailbox.heading')}</h2>
      <fieldset className="source-choice">
        <legend className="visually-hidden">{t('mailbox.source')}</legend>
        {(
          [
            ['service', 'mailbox.kind.service', 'mailbox.kind.serviceHint'],
            ['imap', 'mailbox.kind.imap', 'mailbox.kind.imapHint'],
            ['pop3', 'mailbox.kind.pop3', 'mailbox.kind.pop3Hint'],
          ] as const
        ).map(([kind, label, hint]) => (
          <label key={kind} className="source-option">
            <input
              type="radio"
              name={`${id}-kind`}
              value={kind}
              checked={draft.kind === kind}
              onChange={() => change({ kind })}
            />
            <span>
              <span className="source-label">{t(label)}</span>
              <span className="settings-hint">{t(hint)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {mailbox && (
        <div className="mailbox-fields">
          <label>
            {t('mailbox.server')}
            <input
              value={draft.host}
              autoComplete="off"
              spellCheck={false}
              placeholder="mail.example.org"
              onChange={(e) => change({ host: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('mailbox.port')}
            <input
              value={draft.port}
              inputMode="numeric"
              onChange={(e) => change({ port: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('mailbox.encryption')}
            <select value={draft.tls} onChange={(e) => change({ tls: e.currentTarget.value as MailTlsMode })}>
              <option value="implicit">{t('mailbox.tlsImplicit')}</option>
              <option value="starttls">STARTTLS</option>
              <option value="none">{t('mailbox.tlsNone')}</option>
            </select>
          </label>
          <label>
            {t('mailbox.user')}
            <input
              value={draft.user}
              autoComplete="username"
              spellCheck={false}
              onChange={(e) => change({ user: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('auth.password')}
            <input
              type="password"
              value={draft.password}
              autoComplete="current-password"
              placeholder={draft.hasPassword ? t('mailbox.passwordSaved') : ''}
              onChange={(e) => change({ password: e.currentTarget.value })}
            />
          </label>
          {draft.kind === 'pop3' && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={draft.leaveCopy}
                onChange={(e) => change({ leaveCopy: e.currentTarget.checked })}
              />
              {t('mailbox.leaveCopy')}
            </label>
          )}
          {askPlainText && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={allowPlainText}
                onChange={(e) => setAllowPlainText(e.currentTarget.checked)}
              />
              {t('mailbox.plainText')}
            </label>
          )}
        </div>
      )}
      <div className="settings-row">
        {mailbox && (
          <button
            type="button"
            className="button small"
            onClick={() =>
              void run(t('mailbox.connecting'), (u) => api.checkSource(u), t('mailbox.connected'))
            }
          >
            {t('mailbox.test')}
          </button>
        )}
        <button type="submit" className="button small primary">
          {t('mailbox.save')}
        </button>
      </div>
      <p
        className={`settings-status${status ? ` tone-${status.tone}` : ''}`}
        role={status?.tone === 'problem' ? 'alert' : 'status'}
      >
        {status?.text ?? ''}
      </p>
    </form>
  );
}
