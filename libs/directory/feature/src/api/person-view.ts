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
  status: u.status,
  source: u.source,
});
