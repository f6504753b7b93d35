import { ConfigError } from '@tidings/platform/config';
import { ValidationError } from '@tidings/platform/errors';
import type { AccountActions } from './accounts.actions';

export const CREATE_ADMIN_HINT =
  'tidings: no admin account yet — create one with: npx tidings admin create --username admin --password-stdin';

const VARIABLE_OF: Record<string, string> = {
  username: 'TIDINGS_ADMIN_USERNAME',
  password: 'TIDINGS_ADMIN_PASSWORD',
};

/**
 * At boot: with TIDINGS_ADMIN_USERNAME + TIDINGS_ADMIN_PASSWORD, make sure that admin exists
 * (created once; later boots leave it alone, even if the password variable changes); without
 * them, and with no admin at all, say in one line how to create one.
 */
export async function bootstrapAdmin(
  accounts: AccountActions,
  admin: { username: string; password: string } | undefined,
  say: (line: string) => void,
): Promise<'created' | 'exists' | 'hinted' | 'nothing'> {
  if (admin) {
    if (await accounts.findByUsername(admin.username)) return 'exists';
    try {
      const account = await accounts.create({ ...admin, roles: ['user', 'admin'] });
      say(`tidings: created admin account "${account.username}" from TIDINGS_ADMIN_USERNAME`);
      return 'created';
    } catch (error) {
      // Name the variable, never its value: it may be (almost) the password.
      const issue = error instanceof ValidationError ? error.issues?.[0] : undefined;
      const variable = issue ? VARIABLE_OF[issue.path] : undefined;
      if (issue && variable) throw new ConfigError(`${variable}: ${issue.message}`, variable);
      throw error;
    }
  }
  if ((await accounts.countAdmins()) > 0) return 'nothing';
  say(CREATE_ADMIN_HINT);
  return 'hinted';
}
