import type { DirectoryUser } from '@tidings/directory/data-access';

/** A person as the REST API shows them (what GET /directory/users/{id} answers). */
export const personView = (u: DirectoryUser) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  phone: u.phone,
  title: u.title,
  employeeNumber: u.employeeNumber,
  orgUnitId: u.orgUnitId,
  locale: u.locale,
  /** Where the directory photo is served, or null when the directory has none. */
  avatarUrl: u.avatarSha256
    ? `/api/v1/directory/users/${u.id}/avatar?v=${u.avatarSha256.slice(0, 12)}`
    : null,
  status: u.status,
  source: u.source,
});
