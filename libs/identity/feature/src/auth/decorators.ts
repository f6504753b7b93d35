import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@tidings/identity/domain';

export const PERMISSION_KEY = 'tidings:permission';
export const PUBLIC_KEY = 'tidings:public';

/**
 * Declares the permission a route (or WebSocket message handler) needs. Every route must carry
 * either this or `@Public()`; the AuthGuard refuses any other, and the route × role matrix
 * test fails on it.
 */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Marks a route that anyone may call without a token (health, login pages, discovery). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
