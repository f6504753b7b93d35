/** The caller, as identity's AuthGuard left it on the request (met structurally). */
export interface AuditPrincipal {
  kind: 'user' | 'bot';
  userId: string;
  username: string;
}

/** The route parameter holding it: platform/http's, as every service's routes use. */
export { RequestPrincipal as Principal } from '@tidings/platform/http';

export function actorOf(principal: AuditPrincipal): { kind: string; id: string } {
  return { kind: principal.kind, id: principal.userId };
}
