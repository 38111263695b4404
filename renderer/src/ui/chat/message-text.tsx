import { useMemo } from 'react';
import { linkify } from '../../messaging/linkify.js';

/**
 * A message body as text nodes, with http(s) links as `<a>`. Never renders HTML from the message
 * (no `dangerouslySetInnerHTML`), never fetches a link (no previews); links open outside the app with
 * no opener and no referrer.
 */
export function MessageText({ text }: { text: string }) {
  const segments = useMemo(() => linkify(text), [text]);
  return (
    <span className="chat-text">
      {segments.map((s, i) =>
        s.kind === 'link' ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer" referrerPolicy="no-referrer">
            {s.text}
          </a>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </span>
  );
}
