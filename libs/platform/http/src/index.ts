export { ProblemDetailsFilter, toProblem } from './problem-filter';
export { ZodPipe } from './zod-pipe';
export { ApiZodBody, mountOpenApi } from './openapi';
export {
  Public,
  RequestPrincipal,
  RequirePermissionKey,
  PERMISSION_KEY,
  PUBLIC_KEY,
} from './access.decorators';
