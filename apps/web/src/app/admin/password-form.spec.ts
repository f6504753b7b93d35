import { describe, expect, it } from 'vitest';
import { checkPasswordForm, EMPTY_PASSWORD_FORM, passwordRefusal } from './password-form';

describe('the set sign-in password form', () => {
  it('asks the server to generate one by default, with the display name for a new account', () => {
    expect(checkPasswordForm(EMPTY_PASSWORD_FORM)).toEqual({ ok: true, body: { generate: true } });
    expect(checkPasswordForm(EMPTY_PASSWORD_FORM, ' Mei Lin ')).toEqual({
      ok: true,
      body: { generate: true, displayName: 'Mei Lin' },
    });
  });

  it('sends a typed password as typed when it is long enough and confirmed', () => {
    const form = { mode: 'type' as const, password: ' twelve chars ', confirm: ' twelve chars ' };
    expect(checkPasswordForm(form)).toEqual({ ok: true, body: { password: ' twelve chars ' } });
  });

  it('refuses a short, an overlong or an unconfirmed password, naming the field', () => {
    const typed = (password: string, confirm = password) =>
      checkPasswordForm({ mode: 'type', password, confirm });
    expect(typed('eleven-char')).toEqual({
      ok: false,
      problems: [{ field: 'password', message: 'admin.password.tooShort' }],
    });
    expect(typed('x'.repeat(1025))).toEqual({
      ok: false,
      problems: [{ field: 'password', message: 'admin.password.tooLong' }],
    });
    expect(typed('a-good-password', 'a-good-passw0rd')).toEqual({
      ok: false,
      problems: [{ field: 'confirm', message: 'admin.password.mismatch' }],
    });
  });

  it('explains the refusals an administrator can act on', () => {
    expect(passwordRefusal('identity.account.directory_managed')).toBe(
      'admin.password.directoryManaged',
    );
    expect(passwordRefusal('identity.issuer.external')).toBe('admin.password.externalIssuer');
    expect(passwordRefusal('identity.account.invalid')).toBeUndefined();
  });
});
