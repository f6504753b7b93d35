import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestWithPrincipal } from './auth.guard';

/** The authenticated caller of a route that declared a permission. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without a permission');
  return principal;
});
