import type { Ref } from 'react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';

/** "Call a username": type a name, press Enter or Call. */
export function DialForm({ canCall, inputRef }: { canCall: boolean; inputRef?: Ref<HTMLInputElement> }) {
  const store = useAppStore();
  const [target, setTarget] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (store.call(target) !== undefined) setTarget('');
  }

  return (
    <form className="dial" onSubmit={submit} aria-label="Call a username">
      <label htmlFor="dial-target" className="visually-hidden">
        Call a username
      </label>
      <input
        id="dial-target"
        ref={inputRef}
        placeholder="Call a username"
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        value={target}
        onChange={(e) => setTarget(e.target.value)}
      />
      <button type="submit" className="button call" disabled={!canCall || target.trim() === ''}>
        <Icon name="phone" size={18} />
        Call
      </button>
    </form>
  );
}
