/**
 * Drives a native modal `<dialog>` from the app's state: `showModal()` when `open` turns true, `close()`
 * when it turns false (the browser then makes the rest of the page inert, and gives the focus back to
 * what opened the dialog when it closes).
 *
 * Escape is the subtle part. The browser fires `cancel` at once but `close` only from a later task, and
 * a key pressed in between (Escape, then Ctrl+/ to reopen) would be undone when that late `close`
 * reaches the app: React batches "closed" and "open" into one render and the dialog stays shut. So
 * Escape closes through the app's state straight away (`cancel` is taken over), and a `close` event
 * counts only when the dialog really is shut while the app still has it open (closed by the browser for
 * a reason of its own).
 */
import { useEffect, useRef, type RefObject, type SyntheticEvent } from 'react';

export interface NativeDialogProps {
  ref: RefObject<HTMLDialogElement | null>;
  onCancel: (event: SyntheticEvent<HTMLDialogElement>) => void;
  onClose: () => void;
}

/**
 * @param open whether the app shows the dialog
 * @param onClose asks the app to close it (Escape, or the browser closed it)
 * @param afterClose runs right after the app's state closed it (for example to hand the focus on)
 */
export function useNativeDialog(
  open: boolean,
  onClose: () => void,
  afterClose?: () => void,
): NativeDialogProps {
  const ref = useRef<HTMLDialogElement>(null);
  const latest = useRef({ open, onClose, afterClose });
  latest.current = { open, onClose, afterClose };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) {
      el.close();
      latest.current.afterClose?.();
    }
  }, [open]);

  return {
    ref,
    onCancel: (event) => {
      event.preventDefault();
      latest.current.onClose();
    },
    onClose: () => {
      if (latest.current.open && ref.current && !ref.current.open) latest.current.onClose();
    },
  };
}
