import { useAppState } from '../shared/store-context.js';
import { UserRow } from './user-row.js';
import { useT } from '../../i18n/use-t.js';

export function ContactList({ canCall }: { canCall: boolean }) {
  const t = useT();
  const { contacts } = useAppState();
  return (
    <section className="panel" aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{t('contacts.heading')}</h2>
      {contacts.status === 'error' && (
        <p className="inline-error" role="alert">
          {contacts.error}
        </p>
      )}
      {contacts.entries.length > 0 ? (
        <ul className="user-list" aria-label={t('contacts.heading')}>
          {contacts.entries.map((user) => (
            <UserRow key={user.username} user={user} canCall={canCall} />
          ))}
        </ul>
      ) : (
        contacts.status !== 'loading' &&
        contacts.status !== 'error' && <p className="empty">{t('contacts.empty')}</p>
      )}
    </section>
  );
}
