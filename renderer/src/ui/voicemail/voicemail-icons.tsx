/** Icons of the voicemail screens (inline SVG, decorative: hidden from assistive technology). */
import type { ReactElement } from 'react';

export type VoicemailIconName =
  'voicemail' | 'play' | 'pause' | 'delete' | 'settings' | 'back' | 'record' | 'stop';

const PATHS: Record<VoicemailIconName, ReactElement> = {
  voicemail: (
    <path d="M18.5 6A5.5 5.5 0 0 0 14.3 15H9.7a5.5 5.5 0 1 0-4.2 2h13a5.5 5.5 0 0 0 0-11zm-13 9a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7zm13 0a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z" />
  ),
  play: <path d="M8 5.14v13.72a1 1 0 0 0 1.5.86l11-6.86a1 1 0 0 0 0-1.72l-11-6.86A1 1 0 0 0 8 5.14z" />,
  pause: <path d="M7 5h3.5v14H7zm6.5 0H17v14h-3.5z" />,
  delete: (
    <path d="M9 3h6l1 2h4v2H4V5h4zm-3 6h12l-1 11a2 2 0 0 1-2 2H9a2 2 0 0 1-2-2zm4 2v8h1.5v-8zm2.5 0v8H15v-8z" />
  ),
  settings: (
    <path d="M19.4 13a7.5 7.5 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7.3 7.3 0 0 0-1.7-1L15 3.3h-4l-.4 2.6a7.3 7.3 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.5 7.5 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1c.5.4 1.1.7 1.7 1l.4 2.6h4l.4-2.6c.6-.3 1.2-.6 1.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z" />
  ),
  back: <path d="M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20z" />,
  record: <circle cx="12" cy="12" r="7" />,
  stop: <rect x="6" y="6" width="12" height="12" rx="2" />,
};

export function VoicemailIcon({ name, size = 20 }: { name: VoicemailIconName; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
