/**
 * Splits message text into plain text and links, so the UI renders links as `<a>` and everything else
 * as text nodes. It never produces markup, only http(s) links (no `javascript:`, `data:`, `file:`), and
 * nothing here fetches anything (no previews).
 */

export type TextSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly href: string };

const URL_LIKE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'")\]}]+$/;

export function linkify(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_LIKE)) {
    const start = match.index;
    let candidate = match[0];
    // Keep a closing bracket that has its opening partner inside the URL (e.g. Wikipedia links).
    const trailing = TRAILING.exec(candidate)?.[0] ?? '';
    if (trailing && !(trailing === ')' && candidate.includes('(')))
      candidate = candidate.slice(0, -trailing.length);
    const href = safeHref(candidate);
    if (!href) continue;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

function safeHref(candidate: string): string | undefined {
  const withScheme = /^www\./i.test(candidate) ? `https://${candidate}` : candidate;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}
