import { inject, Injectable } from '@angular/core';
import { ApiClient } from '../api/api-client';
import type { CardActionAnswer } from '../api/models';
import { ChatStore } from './chat.store';

/**
 * A click on a card's button: `POST /messages/{id}/card-actions`. When the integration
 * answered at once with a new card, it replaces the shown one straight away (the gateway's
 * `card_updated` frame follows and, being no newer, changes nothing). Refusals are thrown as
 * the ApiError, for the card to show beside its inputs.
 */
@Injectable({ providedIn: 'root' })
export class CardActions {
  private readonly api = inject(ApiClient);
  private readonly store = inject(ChatStore);

  async click(
    messageId: string,
    actionId: string,
    values: Record<string, string>,
  ): Promise<CardActionAnswer> {
    const answer = await this.api.post<CardActionAnswer>(`/messages/${messageId}/card-actions`, {
      actionId,
      values,
    });
    if (answer.status === 'updated')
      this.store.applyCard({ messageId, card: answer.card, cardVersion: answer.cardVersion });
    return answer;
  }
}
