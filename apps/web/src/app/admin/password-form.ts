import type { TranslationKey } from '../i18n/translations';

/** The server's limits for a typed password (identity's MIN/MAX_PASSWORD_LENGTH). */
export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 1024;

/** What the "set sign-in password" panel holds: the choice, and text as typed. */
export interface PasswordForm {
  mode: 'generate' | 'type';
  password: string;
  confirm: string;
}

export const EMPTY_PASSWORD_FORM: PasswordForm = { mode: 'generate', password: '', confirm: '' };

/** `PUT /users/by-username/{username}/password`'s body. */
export type SetPasswordBody =
  | { generate: true; displayName?: string }
  | {
      password: string;
      displayName?: string;
    };

export type PasswordCheck =
  | { ok: true; body: SetPasswordBody }
  | {
      ok: false;
      problems: Array<{ field: 'password' | 'confirm'; message: TranslationKey }>;
    };

/**
 * Checks the choice before asking the server (which has the last word): a typed password
 * within the limits and typed twice alike. Passwords are not trimmed — spaces may be meant.
 */
export function checkPasswordForm(form: PasswordForm, displayName?: string): PasswordCheck {
  const name = displayName?.trim() ? { displayName: displayName.trim() } : {};
  if (form.mode === 'generate') return { ok: true, body: { generate: true, ...name } };
  const problems: Array<{ field: 'password' | 'confirm'; message: TranslationKey }> = [];
  if (form.password.length < MIN_PASSWORD)
    problems.push({ field: 'password', message: 'admin.password.tooShort' });
  else if (form.password.length > MAX_PASSWORD)
    problems.push({ field: 'password', message: 'admin.password.tooLong' });
  else if (form.password !== form.confirm)
    problems.push({ field: 'confirm', message: 'admin.password.mismatch' });
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, body: { password: form.password, ...name } };
}

/** The console's words for the refusals an administrator can act on; others show as sent. */
export function passwordRefusal(code: string | undefined): TranslationKey | undefined {
  switch (code) {
    case 'identity.account.directory_managed':
      return 'admin.password.directoryManaged';
    case 'identity.issuer.external':
      return 'admin.password.externalIssuer';
    default:
      return undefined;
  }
}
