import type { TranslationKey } from '../i18n/translations';
import type { NewLocalPerson } from './admin-api';

/** What the "new local person" form holds: text as typed. */
export interface LocalPersonForm {
  username: string;
  displayName: string;
  email: string;
  title: string;
  orgUnitId: string;
}

export const EMPTY_FORM: LocalPersonForm = {
  username: '',
  displayName: '',
  email: '',
  title: '',
  orgUnitId: '',
};

/** The server's rule (docs/directory.md, Local users), checked first for a clear message. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,199}$/;
/** A plausible address; the server has the last word. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type FormCheck =
  | { ok: true; person: NewLocalPerson }
  | { ok: false; problems: Array<{ field: keyof LocalPersonForm; message: TranslationKey }> };

/** Trims the form, checks it, and builds the request body (empty optional fields left out). */
export function checkLocalPerson(form: LocalPersonForm): FormCheck {
  const username = form.username.trim();
  const displayName = form.displayName.trim();
  const email = form.email.trim();
  const title = form.title.trim();
  const problems: Array<{ field: keyof LocalPersonForm; message: TranslationKey }> = [];
  if (!username) problems.push({ field: 'username', message: 'admin.users.form.usernameRequired' });
  else if (!USERNAME.test(username))
    problems.push({ field: 'username', message: 'admin.users.form.usernameInvalid' });
  if (!displayName)
    problems.push({ field: 'displayName', message: 'admin.users.form.displayNameRequired' });
  if (email && !EMAIL.test(email))
    problems.push({ field: 'email', message: 'admin.users.form.emailInvalid' });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    person: {
      username,
      displayName,
      ...(email ? { email } : {}),
      ...(title ? { title } : {}),
      ...(form.orgUnitId ? { orgUnitId: form.orgUnitId } : {}),
    },
  };
}
