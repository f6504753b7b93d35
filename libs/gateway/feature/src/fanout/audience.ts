import { Inject, Injectable } from '@nestjs/common';
import { AudienceCache } from '@tidings/gateway/domain';
import { CONVERSATION_AUDIENCE, FANOUT_SETTINGS, type ConversationAudience } from './ports';
import type { FanoutSettings } from '@tidings/gateway/domain';

/** Conversation members through the audience port, cached (see AudienceCache for how long). */
@Injectable()
export class AudienceLookup {
  private readonly cache: AudienceCache;

  constructor(
    @Inject(CONVERSATION_AUDIENCE) private readonly audience: ConversationAudience,
    @Inject(FANOUT_SETTINGS) settings: FanoutSettings,
  ) {
    this.cache = new AudienceCache(settings.audienceTtlMs, settings.audienceCacheSize);
  }

  async membersOf(conversationId: string): Promise<readonly string[]> {
    const cached = this.cache.get(conversationId);
    if (cached) return cached;
    const members = await this.audience.membersOf(conversationId);
    this.cache.set(conversationId, members);
    return members;
  }

  invalidate(conversationId: string): void {
    this.cache.invalidate(conversationId);
  }
}
