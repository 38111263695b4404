import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChangePasswordForm } from '../../../../renderer/src/ui/account/change-password-form.js';

describe('ChangePasswordForm', () => {
  it('names its form, its three password fields (with the browser autocomplete hints) and its button', () => {
    const html = renderToStaticMarkup(<ChangePasswordForm changePassword={async () => undefined} />);
    expect(html).toContain('aria-label="Change password"');
    for (const label of ['Current password', 'New password', 'Repeat the new password']) {
      expect(html).toContain(`>${label}</label>`);
    }
    expect(html.match(/type="password"/g)).toHaveLength(3);
    expect(html).toContain('autoComplete="current-password"');
    expect(html.match(/autoComplete="new-password"/g)).toHaveLength(2);
    expect(html).toMatch(/<button type="submit"[^>]*>Change password<\/button>/);
  });
});
