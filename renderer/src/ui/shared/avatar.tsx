import type { CSSProperties } from 'react';

/** A round badge with initials; the colour is derived from the username so it stays stable. */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/)
    .filter(Boolean);
  const letters = words.length > 1 ? (words[0]?.[0] ?? '') + (words[1]?.[0] ?? '') : name.trim().slice(0, 2);
  return letters.toUpperCase() || '?';
}

export function hueFor(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 360;
}

export function Avatar({
  name,
  seed,
  size = 'md',
}: {
  name: string;
  seed: string;
  size?: 'sm' | 'md' | 'lg';
}) {
  return (
    <span
      className={`avatar avatar-${size}`}
      style={{ '--avatar-hue': hueFor(seed) } as CSSProperties}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}
