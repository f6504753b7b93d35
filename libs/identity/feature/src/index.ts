export { Public, RequirePermission } from './auth/decorators';
