import { Icon } from './icons.js';
import { useT } from '../../i18n/use-t.js';

/** A message the user should see now (`role="alert"`), with a button to dismiss it. */
export function DismissibleNotice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  const t = useT();
  return (
    <div className="notice" role="alert">
      <span>{text}</span>
      <button
        type="button"
        className="icon-button quiet"
        aria-label={t('common.dismissMessage')}
        onClick={onDismiss}
      >
        <Icon name="close" size={18} />
      </button>
    </div>
  );
}
