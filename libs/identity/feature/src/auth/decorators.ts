import type { Permission } from '@tidings/identity/domain';
import { Public, RequirePermissionKey } from '@tidings/platform/http';

/** Declares the permission a route needs (see the table in identity/domain permissions.ts). */
export const RequirePermission = (permission: Permission) => RequirePermissionKey(permission);

export { Public };
