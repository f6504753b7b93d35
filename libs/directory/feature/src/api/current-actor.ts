import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@tidings/contracts';

/** What identity's AuthGuard leaves on the request; met structurally (no import of identity). */
interface RequestWithPrincipal {
  principal?: { kind: 'user' | 'bot'; userId: string };
}

/** The caller of a route that declared a permission, as an event's actor. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('CurrentActor used on a route without a permission');
  return { kind: principal.kind, id: principal.userId };
});
