/** "Keyboard shortcuts": every shortcut of shortcut-keys.ts, with its keys as `<kbd>`. */
import { ModalDialog } from '../shared/modal-dialog.js';
import { SHORTCUTS } from './shortcut-keys.js';
import './keyboard.css';
import { useT } from '../../i18n/use-t.js';

const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const mac = isMac();
  return (
    <ModalDialog open={open} title={t('shortcuts.title')} onClose={onClose} className="shortcuts-dialog">
      <dl className="shortcut-list">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.id} className="shortcut-row">
            <dt>{t(shortcut.label)}</dt>
            <dd>
              {(mac ? shortcut.macKeys : shortcut.keys).map((key, index) => (
                <span key={key}>
                  {index > 0 && <span className="shortcut-plus"> + </span>}
                  <kbd>{key}</kbd>
                </span>
              ))}
              {shortcut.id === 'help' && (
                <>
                  <span className="shortcut-or"> {t('shortcuts.or')} </span>
                  <kbd>{mac ? '⌘' : 'Ctrl'}</kbd>
                  <span className="shortcut-plus"> + </span>
                  <kbd>/</kbd>
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <p className="shortcut-note">
        {t('shortcuts.note')} <kbd>?</kbd> {t('shortcuts.noteHelp')}
      </p>
    </ModalDialog>
  );
}
