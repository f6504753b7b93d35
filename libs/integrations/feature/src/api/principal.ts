import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { PrincipalRef } from '../ports';

/** The principal identity's AuthGuard left on the request (met structurally). */
export const Principal = createParamDecorator(
  (_: unknown, context: ExecutionContext): PrincipalRef => {
    const principal = context.switchToHttp().getRequest<{ principal?: PrincipalRef }>().principal;
    if (!principal) throw new Error('Principal used on a route without a permission');
    return principal;
  },
);
