export { Public, RequirePermission, PERMISSION_KEY, PUBLIC_KEY } from './auth/decorators';
