import { Icon } from '../shared/icons.js';

/** Opens the "Keyboard shortcuts" dialog. */
export function ShortcutsButton({ onOpen }: { onOpen: () => void }) {
  return (
    <button
      type="button"
      className="icon-button quiet"
      aria-label="Keyboard shortcuts"
      title="Keyboard shortcuts (?)"
      aria-haspopup="dialog"
      aria-keyshortcuts="Shift+? Control+/"
      onClick={onOpen}
    >
      <Icon name="keyboard" size={22} />
    </button>
  );
}
