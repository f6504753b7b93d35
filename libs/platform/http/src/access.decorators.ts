import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

export const PERMISSION_KEY = 'tidings:permission';
export const PUBLIC_KEY = 'tidings:public';

/**
 * Declares the permission a route (or WebSocket message handler) needs. Every route must carry
 * either this or `@Public()`: the identity service's AuthGuard refuses any other, and the
 * route × role matrix test fails on it. Services use the typed version from identity.
 */
export const RequirePermissionKey = (permission: string) => SetMetadata(PERMISSION_KEY, permission);

/** Marks a route anyone may call without a token (health, metrics, login pages, discovery). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * The principal identity's AuthGuard left on the request, for a route parameter. Each service
 * types the parameter with its own structural view of it (services do not import identity).
 * Only routes that declare a permission have one: anywhere else it is a programming error.
 */
export const RequestPrincipal = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<{ principal?: unknown }>().principal;
  if (!principal) throw new Error('RequestPrincipal used on a route without a permission');
  return principal;
});
