/**
 * Chat on the main screen (issue 3): the open conversation (ConversationView) and the list of
 * conversations with unread badges (per conversation and in total). Reads the session's
 * MessagingClient through `store.chat` (useSyncExternalStore); never touches SIP.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { knownDisplayName } from '../../app/app-state.js';
import { requestNotificationPermission } from '../../app/chat-hub.js';
import type { MessagingSnapshot } from '../../messaging/messaging-snapshot.js';
import { ConversationList, UnreadBadge } from '../chat/conversation-list.js';
import { ConversationView } from '../chat/conversation-view.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import '../chat/chat.css';
import { useT } from '../../i18n/use-t.js';

/** The session's chat snapshot; re-renders on every change. */
export function useChat(): MessagingSnapshot {
  const { chat } = useAppStore();
  return useSyncExternalStore(chat.subscribe, chat.getSnapshot, chat.getSnapshot);
}

/** A display name for a username, from contacts or the directory. */
function useNameOf(): (peer: string) => string {
  const state = useAppState();
  return (peer) => knownDisplayName(state, peer) ?? peer;
}

/** Opens a conversation (from a click: also the moment to ask for notification permission). */
export function useOpenChat(): (peer: string) => void {
  const { chat } = useAppStore();
  return (peer) => {
    requestNotificationPermission();
    chat.open(peer);
  };
}

/**
 * Unsent text per conversation ("me\npeer"), outside React: the view is mounted again when the window
 * crosses the two-pane width (another layout, another place in the tree), and the draft must survive.
 */
const unsentDrafts = new Map<string, string>();

/** The conversation on screen, if any; focuses its message box when it opens. */
export function OpenConversation() {
  const store = useAppStore();
  const state = useAppState();
  const snap = useChat();
  const nameOf = useNameOf();
  const box = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const shownPeer = useRef<string | undefined>(undefined);
  const peer = snap.activePeer;

  useEffect(() => {
    const previous = shownPeer.current;
    shownPeer.current = peer;
    if (peer) {
      // Remember what opened the conversation, so closing it can give the focus back.
      if (!previous)
        opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      box.current?.scrollIntoView?.({ block: 'nearest' });
      box.current?.querySelector('textarea')?.focus();
      return;
    }
    if (!previous) return;
    // Closed: the focus was inside the panel that just went away; never leave it on <body>.
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const back =
      opener.current?.isConnected === true
        ? opener.current
        : document.querySelector<HTMLElement>(
            `.chat-conversation-button[data-peer="${CSS.escape(previous)}"]`,
          );
    back?.focus();
  }, [peer]);

  if (!peer) return null;
  const client = store.chat.current;
  const draftKey = `${state.auth.status === 'signed-in' ? state.auth.username : ''}\n${peer}`;
  return (
    <div className="panel chat-panel" ref={box}>
      <ConversationView
        key={peer}
        peer={peer}
        peerName={nameOf(peer)}
        conversation={snap.conversations.find((c) => c.peer === peer)}
        initialDraft={unsentDrafts.get(draftKey)}
        onSend={(body) => {
          requestNotificationPermission();
          const result = store.chat.send(peer, body);
          if (result.ok) unsentDrafts.delete(draftKey);
          return result;
        }}
        onRetry={(id) => client?.retry(id)}
        onDraftChange={(text) => {
          if (text === '') unsentDrafts.delete(draftKey);
          else unsentDrafts.set(draftKey, text);
          client?.setDraft(peer, text);
        }}
        onLoadOlder={() => void client?.loadOlder(peer)}
        onClose={() => client?.closeConversation()}
      />
    </div>
  );
}

/** "Messages": every conversation, newest first, with its unread count; the heading shows the total. */
export function MessagesPanel() {
  const t = useT();
  const snap = useChat();
  const nameOf = useNameOf();
  const open = useOpenChat();
  return (
    <section className="panel" aria-labelledby="messages-heading">
      <h2 id="messages-heading" className="chat-heading">
        {t('chat.heading')} <UnreadBadge count={snap.totalUnread} id="chat-unread-total" />
      </h2>
      {snap.error && (
        <p className="inline-error" role="alert">
          {snap.error}
        </p>
      )}
      <ConversationList
        conversations={snap.conversations}
        {...(snap.activePeer !== undefined ? { activePeer: snap.activePeer } : {})}
        onOpen={open}
        nameOf={nameOf}
      />
    </section>
  );
}
