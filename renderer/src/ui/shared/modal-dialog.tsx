/**
 * A small modal dialog on the native `<dialog>` (showModal: the rest of the page is inert, Escape
 * closes, the focus goes back to what opened it), named by its heading, with the Tab key kept inside
 * (from the last control Tab wraps to the first, Shift+Tab the other way) so the focus never leaves for
 * the browser's own controls.
 */
import { useId, type KeyboardEvent, type ReactNode } from 'react';
import { Icon } from './icons.js';
import { useNativeDialog } from './use-native-dialog.js';
import './modal-dialog.css';
import { useT } from '../../i18n/use-t.js';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function ModalDialog({
  open,
  title,
  onClose,
  className = '',
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  className?: string;
  children: ReactNode;
}) {
  const t = useT();
  const native = useNativeDialog(open, onClose);
  const dialog = native.ref;
  const titleId = useId();

  function trapTab(event: KeyboardEvent<HTMLDialogElement>): void {
    if (event.key !== 'Tab' || !dialog.current) return;
    const items = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !dialog.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog {...native} className={`modal-dialog ${className}`} aria-labelledby={titleId} onKeyDown={trapTab}>
      {open && (
        <div className="modal-page">
          <header className="modal-bar">
            <h1 id={titleId}>{title}</h1>
            <button
              type="button"
              className="icon-button quiet"
              aria-label={t('common.close')}
              onClick={onClose}
            >
              <Icon name="close" />
            </button>
          </header>
          <div className="modal-body">{children}</div>
        </div>
      )}
    </dialog>
  );
}
