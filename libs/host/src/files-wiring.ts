import type { DynamicModule } from '@nestjs/common';
import { messagingStore } from '@tidings/messaging/data-access';
import {
  FilesModule,
  filesOptionsOf,
  membershipConversationAccess,
  type ConversationAccess,
} from '@tidings/messaging/feature';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import type { TidingsConfig } from './config';

/**
 * Files in conversations (docs/files.md), with storage and limits from FILES_* / S3_*. Access
 * follows messaging's conversations (read = may read its messages, write = may send into it);
 * tests may pass their own port through `createServer(config, { conversationAccess })`.
 */
export function filesModule(config: TidingsConfig, access?: ConversationAccess): DynamicModule {
  return FilesModule.forRoot({
    files: filesOptionsOf(config, config.DATABASE_URL),
    access: access
      ? { useValue: access }
      : {
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) =>
            membershipConversationAccess(messagingStore(dataSource)),
        },
  });
}
