import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The caller, as identity's AuthGuard left it on the request (met structurally). */
export interface AuditPrincipal {
  kind: 'user' | 'bot';
  userId: string;
  username: string;
}

export const Principal = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuditPrincipal => {
    const principal = context.switchToHttp().getRequest<{ principal?: AuditPrincipal }>().principal;
    if (!principal) throw new Error('Principal used on a route without a permission');
    return principal;
  },
);

export function actorOf(principal: AuditPrincipal): { kind: string; id: string } {
  return { kind: principal.kind, id: principal.userId };
}
