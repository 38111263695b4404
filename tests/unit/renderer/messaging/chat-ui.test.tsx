import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type {
  ClientMessage,
  ConversationSnapshot,
} from '../../../../renderer/src/messaging/messaging-snapshot.js';
import { ConversationList } from '../../../../renderer/src/ui/chat/conversation-list.js';
import { ConversationView } from '../../../../renderer/src/ui/chat/conversation-view.js';

const msg = (over: Partial<ClientMessage>): ClientMessage => ({
  id: 'm',
  peer: 'bob',
  direction: 'incoming',
  body: '',
  createdAt: 1_700_000_000_000,
  state: 'delivered',
  ...over,
});

const conversation = (
  messages: ClientMessage[],
  over: Partial<ConversationSnapshot> = {},
): ConversationSnapshot => ({
  peer: 'bob',
  messages,
  unread: 0,
  peerTyping: false,
  hasMore: false,
  loading: false,
  lastActivity: 1,
  ...over,
});

const view = (c: ConversationSnapshot) =>
  renderToStaticMarkup(
    <ConversationView
      peer="bob"
      peerName="Bob"
      conversation={c}
      onSend={() => ({ ok: true })}
      onRetry={() => undefined}
    />,
  );

describe('ConversationView', () => {
  it('renders message bodies as text only: markup is escaped, links are safe anchors', () => {
    const html = view(
      conversation([
        msg({ id: 'a', body: '<img src=x onerror="alert(1)"><script>alert(2)</script>' }),
        msg({ id: 'b', body: 'go to https://example.com/x?y=1&z=2 now' }),
        msg({ id: 'c', body: 'javascript:alert(3)' }),
      ]),
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain(
      '<a href="https://example.com/x?y=1&amp;z=2" target="_blank" rel="noopener noreferrer"',
    );
    expect(html).not.toContain('href="javascript:');
    expect((html.match(/<a /g) ?? []).length).toBe(1);
  });

  it('has the composer controls, states in words, Retry on failures, and typing…', () => {
    const html = view(
      conversation(
        [
          msg({ id: 'a', direction: 'outgoing', state: 'read', body: 'one' }),
          msg({
            id: 'b',
            direction: 'outgoing',
            state: 'failed',
            body: 'two',
            failure: { reason: 'network', message: 'Not connected.' },
          }),
        ],
        { peerTyping: true },
      ),
    );
    expect(html).toContain('aria-label="Message"');
    expect(html).toMatch(/<button type="submit"[^>]*>Send<\/button>/);
    expect(html).toContain('>Read<');
    expect(html).toContain('Not sent: Not connected.');
    expect(html).toMatch(/<button[^>]*>Retry<\/button>/);
    expect((html.match(/>Retry</g) ?? []).length).toBe(1);
    expect(html).toContain('Bob is typing…');
  });
});

describe('ConversationList', () => {
  it('names each conversation "Message NAME" and shows unread badges', () => {
    const html = renderToStaticMarkup(
      <ConversationList
        conversations={[
          conversation([msg({ body: 'hey' })], { unread: 3 }),
          conversation([], { peer: 'carol' }),
        ]}
        nameOf={(p) => (p === 'bob' ? 'Bob' : p)}
        onOpen={() => undefined}
      />,
    );
    expect(html).toContain('aria-label="Message Bob"');
    expect(html).toContain('aria-label="Message carol"');
    expect(html).toContain('3 unread');
    expect((html.match(/unread</g) ?? []).length).toBe(1);
  });
});
