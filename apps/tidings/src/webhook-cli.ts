import type { Command } from 'commander';
import { AUTH_MODES, type AuthMode } from '@tidings/integrations/domain';
import { DEFAULT_INTEGRATIONS_OPTIONS, WebhooksService } from '@tidings/integrations/feature';
import { IntegrationConversationQueries } from '@tidings/messaging/feature';
import { loadConfigOrExit } from '@tidings/platform/config';
import { DomainError } from '@tidings/platform/errors';
import { openDatabase } from '@tidings/platform/persistence';
import { publicUrlOf, tidingsConfigSchema } from '@tidings/host';
import { hostPersistence } from '@tidings/host';
import { secretSealerOf } from '@tidings/host';
import { resolveSecretKeys } from '@tidings/host';

interface CreateOptions {
  conversation: string[];
  auth: string;
  name: string;
  json?: boolean;
}

/** The operator: acts as an admin would through the API, recorded as created by `cli`. */
const operator = { kind: 'user' as const, userId: 'cli', username: 'cli', roles: ['admin'] };

/**
 * `tidings webhook create --conversation <id|name> [--auth url|standard|dingtalk] [--name …]
 * [--json]`: creates an incoming webhook in the database the server uses and prints its URL
 * and secret — the only time the secret is shown (docs/integrations.md).
 */
export function registerWebhookCommands(program: Command): void {
  const webhook = program.command('webhook').description('incoming webhooks (integrations)');
  webhook
    .command('create')
    .description('create an incoming webhook and print its URL and secret (shown once)')
    .requiredOption(
      '--conversation <id|name>',
      'the conversation to post into (repeat for several; a payload may choose by channel)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--auth <mode>', `how requests authenticate: ${AUTH_MODES.join(' | ')}`, 'url')
    .option('--name <display name>', 'who the messages show as', 'Webhook')
    .option('--json', 'print the answer as JSON')
    .action(async (options: CreateOptions) => {
      if (!(AUTH_MODES as readonly string[]).includes(options.auth)) {
        process.stderr.write(`tidings: --auth must be one of ${AUTH_MODES.join(', ')}\n`);
        process.exitCode = 2;
        return;
      }
      const config = loadConfigOrExit(tidingsConfigSchema);
      const { dataSource } = await openDatabase(hostPersistence(config.DATABASE_URL));
      try {
        const queries = new IntegrationConversationQueries(dataSource);
        const service = new WebhooksService(
          dataSource,
          {
            find: (ref) => queries.find(ref),
            isModerator: () => true,
            mayManage: async () => true,
            messageStatus: async () => ({ status: 'pending' }),
          },
          secretSealerOf(resolveSecretKeys(config)),
          { ...DEFAULT_INTEGRATIONS_OPTIONS, publicUrl: publicUrlOf(config) },
        );
        const created = await service.create(operator, {
          conversations: options.conversation,
          displayName: options.name,
          avatarUrl: null,
          auth: options.auth as AuthMode,
          ipAllowlist: [],
        });
        if (options.json) console.log(JSON.stringify(created, null, 2));
        else {
          console.log(`webhook ${created.webhook.id} (${created.webhook.auth})`);
          console.log(`  POST ${created.postUrl}`);
          console.log(`  secret ${created.secret}  (shown once; keep it safe)`);
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        process.stderr.write(`tidings: ${error.message}\n`);
        process.exitCode = 1;
      } finally {
        await dataSource.destroy();
      }
    });
}
