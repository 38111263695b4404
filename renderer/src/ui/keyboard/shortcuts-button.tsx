import { Icon } from '../shared/icons.js';
import { useT } from '../../i18n/use-t.js';

/** Opens the "Keyboard shortcuts" dialog. */
export function ShortcutsButton({ onOpen }: { onOpen: () => void }) {
  const t = useT();
  return (
    <button
      type="button"
      className="icon-button quiet"
      aria-label={t('shortcuts.title')}
      title={t('shortcuts.buttonTitle')}
      aria-haspopup="dialog"
      aria-keyshortcuts="Shift+? Control+/"
      onClick={onOpen}
    >
      <Icon name="keyboard" size={22} />
    </button>
  );
}
