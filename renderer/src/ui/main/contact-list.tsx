import { useAppState } from '../shared/store-context.js';
import { UserRow } from './user-row.js';

export function ContactList({ canCall }: { canCall: boolean }) {
  const { contacts } = useAppState();
  return (
    <section className="panel" aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">Contacts</h2>
      {contacts.status === 'error' && (
        <p className="inline-error" role="alert">
          {contacts.error}
        </p>
      )}
      {contacts.entries.length > 0 ? (
        <ul className="user-list" aria-label="Contacts">
          {contacts.entries.map((user) => (
            <UserRow key={user.username} user={user} canCall={canCall} />
          ))}
        </ul>
      ) : (
        contacts.status !== 'loading' &&
        contacts.status !== 'error' && (
          <p className="empty">No contacts yet. Find people below and add them with +.</p>
        )
      )}
    </section>
  );
}
