export { ProblemDetailsFilter, toProblem } from './problem-filter';
export { ZodPipe } from './zod-pipe';
export { ApiZodBody, mountOpenApi } from './openapi';
