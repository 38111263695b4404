import { useId } from 'react';
import type { InputHTMLAttributes, ReactNode } from 'react';

export type FieldTone = 'neutral' | 'ok' | 'problem';

/** A labelled input with a hint line that is read with it (aria-describedby). */
export function Field({
  label,
  hint,
  tone = 'neutral',
  liveHint = false,
  ...input
}: {
  label: string;
  hint?: ReactNode;
  tone?: FieldTone;
  /** Announce hint changes politely (live availability). */
  liveHint?: boolean;
} & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-describedby={hint ? hintId : undefined}
        aria-invalid={tone === 'problem' ? true : undefined}
        {...input}
      />
      <p id={hintId} className={`field-hint tone-${tone}`} aria-live={liveHint ? 'polite' : undefined}>
        {hint}
      </p>
    </div>
  );
}
