import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasPermission, type Permission } from '@tidings/identity/domain';
import { ForbiddenError } from '@tidings/platform/errors';
import { PERMISSION_KEY, PUBLIC_KEY } from '@tidings/platform/http';
import type { FastifyRequest } from 'fastify';
import { Authenticator, type AuthenticatedPrincipal } from './authenticator';

export type RequestWithPrincipal = FastifyRequest & { principal?: AuthenticatedPrincipal };

/**
 * Runs before every Nest route: public routes pass; routes that declare a permission need a
 * valid token whose roles (and, for bot tokens, scopes) grant it; any other route is refused —
 * default deny, so a route that forgot to declare itself is closed, not open.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // WebSocket messages are checked by the gateway
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(
      PERMISSION_KEY,
      targets,
    );
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    if (!permission) {
      this.logger.error(
        `route ${request.method} ${request.routeOptions.url} declares no permission; refused`,
      );
      throw new ForbiddenError('auth.route_undeclared', 'This route is not open to anyone.');
    }
    const principal = await this.authenticator.authenticate(request.headers.authorization);
    const scoped = principal.scopes === undefined || principal.scopes.includes(permission);
    if (!hasPermission(principal.roles, permission) || !scoped) {
      throw new ForbiddenError('auth.forbidden', `This needs the permission ${permission}.`);
    }
    request.principal = principal;
    return true;
  }
}
