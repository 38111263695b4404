import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_CHARS } from '../../../../common/messaging-types.js';
import { checkDraft } from '../../messaging/draft-check.js';
import type { ClientMessage, ConversationSnapshot } from '../../messaging/messaging-snapshot.js';
import { MessageState } from './message-state.js';
import { MessageText } from './message-text.js';
import { formatCount, formatTimeOfDay } from '../../i18n/format.js';
import { useT, type Translate } from '../../i18n/use-t.js';
import { failureId } from './failure-text.js';

export interface ConversationViewProps {
  readonly peer: string;
  /** Display name; the username by default. */
  readonly peerName?: string;
  /** The conversation from the MessagingClient snapshot (undefined before anything is loaded). */
  readonly conversation: ConversationSnapshot | undefined;
  /** `client.send(peer, body)`; a refusal's message is shown and the draft kept. */
  readonly onSend: (body: string) => { readonly ok: boolean; readonly message?: string };
  readonly onRetry: (id: string) => void;
  /** `client.setDraft(peer, text)` (typing notifications). */
  readonly onDraftChange?: (text: string) => void;
  readonly onLoadOlder?: () => void;
  readonly onClose?: () => void;
  /** The unsent text to start with (kept by the screen while the layout changes around the view). */
  readonly initialDraft?: string;
}

const COUNTER_FROM = MAX_MESSAGE_CHARS - 200;

/** One conversation: messages (plain text, links), states, "typing…", and the composer. */
export function ConversationView(props: ConversationViewProps) {
  const { peer, conversation, onSend, onRetry, onDraftChange, onLoadOlder, onClose } = props;
  const t = useT();
  const name = props.peerName ?? peer;
  const [draft, setDraft] = useState(props.initialDraft ?? '');
  const [error, setError] = useState<string | undefined>();
  const listRef = useRef<HTMLOListElement>(null);
  const errorId = useId();
  const messages = conversation?.messages ?? [];
  const lastKey = messages.length > 0 ? messages[messages.length - 1]!.id : '';

  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [lastKey]);

  // Screen readers hear each new incoming message and each message that could not be sent (not the
  // history already there when the conversation opened).
  const spoken = useSpokenMessages(messages, name, t);

  const check = checkDraft(draft);
  const overLimit = !check.ok && check.code === 'too-long';
  const shownError = overLimit ? check.message : error;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const c = checkDraft(draft);
    if (!c.ok) {
      setError(c.code === 'too-long' ? c.message : undefined);
      return;
    }
    const result = onSend(draft);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setDraft('');
    setError(undefined);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  return (
    <>
      <section className="chat-view" aria-label={t('chat.conversationWith', { name })}>
        <header className="chat-view-header">
          <h2>
            <span className="visually-hidden">{t('chat.conversationWith', { name })}</span>
            <span aria-hidden="true">{name}</span>
          </h2>
          {onClose && (
            <button type="button" className="button ghost small" onClick={onClose}>
              {t('chat.close')}
            </button>
          )}
        </header>
        {conversation?.hasMore && onLoadOlder && (
          <button
            type="button"
            className="button ghost small"
            disabled={conversation.loading}
            onClick={onLoadOlder}
          >
            {t('chat.loadOlder')}
          </button>
        )}
        <ol className="chat-messages" aria-label={t('chat.messagesWith', { name })} ref={listRef}>
          {messages.map((m) => (
            <MessageItem key={`${m.direction}:${m.id}`} message={m} peerName={name} onRetry={onRetry} />
          ))}
        </ol>
        <p className="chat-typing" role="status" aria-live="polite">
          {conversation?.peerTyping ? t('chat.typing', { name }) : ''}
        </p>
        <form className="chat-composer" onSubmit={submit}>
          <textarea
            aria-label={t('chat.message')}
            rows={2}
            value={draft}
            aria-invalid={overLimit || undefined}
            aria-describedby={shownError ? errorId : undefined}
            onChange={(e) => {
              setDraft(e.target.value);
              setError(undefined);
              onDraftChange?.(e.target.value);
            }}
            onKeyDown={onKeyDown}
          />
          {check.length >= COUNTER_FROM && (
            <span className={overLimit ? 'chat-counter over' : 'chat-counter'}>
              {formatCount(check.length)} / {formatCount(MAX_MESSAGE_CHARS)}
            </span>
          )}
          <button type="submit" className="button primary">
            {t('chat.send')}
          </button>
          {shownError && (
            <p className="inline-error" id={errorId} role="alert">
              {shownError}
            </p>
          )}
        </form>
      </section>
      {/* Outside the region, so the conversation's text is there once (what is seen), not twice. */}
      <p className="visually-hidden" role="log" aria-live="polite">
        {spoken}
      </p>
    </>
  );
}

/** The latest sentence worth announcing: "NAME: text" for a new incoming message, or a failed send. */
function useSpokenMessages(messages: readonly ClientMessage[], name: string, t: Translate): string {
  const [spoken, setSpoken] = useState('');
  const known = useRef<Set<string> | undefined>(undefined);
  useEffect(() => {
    const key = (m: ClientMessage): string =>
      m.direction === 'incoming' ? `in:${m.id}` : m.state === 'failed' ? `failed:${m.id}` : '';
    const keys = messages.map(key).filter((k) => k !== '');
    if (known.current === undefined) {
      known.current = new Set(keys);
      return;
    }
    const seen = known.current;
    const fresh = messages.filter((m) => {
      const k = key(m);
      return k !== '' && !seen.has(k);
    });
    keys.forEach((k) => seen.add(k));
    const last = fresh[fresh.length - 1];
    if (!last) return;
    setSpoken(
      last.direction === 'incoming'
        ? t('chat.spokenIncoming', { name, body: last.body })
        : t('chat.spokenFailed', {
            body: last.body.slice(0, 60),
            reason: last.failure ? t(failureId(last.failure.reason)) : '',
          }),
    );
  }, [messages, name, t]);
  return spoken;
}

function MessageItem({
  message,
  peerName,
  onRetry,
}: {
  message: ClientMessage;
  peerName: string;
  onRetry: (id: string) => void;
}) {
  const t = useT();
  const mine = message.direction === 'outgoing';
  return (
    <li className={`chat-message ${mine ? 'mine' : 'theirs'} state-${message.state}`}>
      {/* Who said it, for screen readers (sighted users see the side and the colour). */}
      <span className="visually-hidden">
        {mine ? t('chat.youSaid') : t('chat.theySaid', { name: peerName })}
      </span>
      <MessageText text={message.body} />
      <span className="chat-meta">
        <time dateTime={new Date(message.createdAt).toISOString()}>{formatTimeOfDay(message.createdAt)}</time>
        {mine && <MessageState message={message} />}
        {mine && message.state === 'failed' && (
          <button type="button" className="button small" onClick={() => onRetry(message.id)}>
            {t('chat.retry')}
          </button>
        )}
      </span>
    </li>
  );
}
