import { contractId, type EventContract } from './define-event';
import { groupMembershipChangedV1 } from './events/directory/group-membership-changed.v1';
import { orgUnitCreatedV1 } from './events/directory/org-unit-created.v1';
import { orgUnitRemovedV1 } from './events/directory/org-unit-removed.v1';
import { userCreatedV1 } from './events/directory/user-created.v1';
import { userDeactivatedV1 } from './events/directory/user-deactivated.v1';
import { userReactivatedV1 } from './events/directory/user-reactivated.v1';
import { userUpdatedV1 } from './events/directory/user-updated.v1';
import { loginFailedV1 } from './events/identity/login-failed.v1';
import { loginSucceededV1 } from './events/identity/login-succeeded.v1';
import { sessionRevokedV1 } from './events/identity/session-revoked.v1';
import { passwordResetV1 } from './events/identity/password-reset.v1';
import { tokenCreatedV1 } from './events/identity/token-created.v1';
import { tokenRevokedV1 } from './events/identity/token-revoked.v1';
import { botCreatedV1 } from './events/identity/bot-created.v1';
import { widgetSiteCreatedV1 } from './events/identity/widget-site-created.v1';
import { widgetSiteDeletedV1 } from './events/identity/widget-site-deleted.v1';
import { widgetTokenIssuedV1 } from './events/identity/widget-token-issued.v1';
import { messageSentV1 } from './events/messaging/message-sent.v1';
import { conversationArchivedV1 } from './events/messaging/conversation-archived.v1';
import { conversationUnarchivedV1 } from './events/messaging/conversation-unarchived.v1';
import { conversationCreatedV1 } from './events/messaging/conversation-created.v1';
import { conversationUpdatedV1 } from './events/messaging/conversation-updated.v1';
import { memberJoinedV1 } from './events/messaging/member-joined.v1';
import { memberLeftV1 } from './events/messaging/member-left.v1';
import { memberRoleChangedV1 } from './events/messaging/member-role-changed.v1';
import { messageDeletedV1 } from './events/messaging/message-deleted.v1';
import { messagePurgedV1 } from './events/messaging/message-purged.v1';
import { messageEditedV1 } from './events/messaging/message-edited.v1';
import { messageCardUpdatedV1 } from './events/messaging/message-card-updated.v1';
import { readUpdatedV1 } from './events/messaging/read-updated.v1';
import { fileUploadedV1 } from './events/messaging/file-uploaded.v1';
import { reactionAddedV1 } from './events/messaging/reaction-added.v1';
import { reactionRemovedV1 } from './events/messaging/reaction-removed.v1';
import { messagePinnedV1 } from './events/messaging/message-pinned.v1';
import { messageUnpinnedV1 } from './events/messaging/message-unpinned.v1';
import { callUpdatedV1 } from './events/messaging/call-updated.v1';
import { presenceChangedV1 } from './events/presence/presence-changed.v1';
import { deliveryEphemeralV1 } from './events/gateway/delivery-ephemeral.v1';
import { deliveryStoredV1 } from './events/gateway/delivery-stored.v1';
import { connectionOpenedV1 } from './events/gateway/connection-opened.v1';
import { connectionClosedV1 } from './events/gateway/connection-closed.v1';
import { connectionActivityV1 } from './events/gateway/connection-activity.v1';
import { processHeartbeatV1 } from './events/gateway/process-heartbeat.v1';
import { webhookReceivedV1 } from './events/integrations/webhook-received.v1';
import { webhookRejectedV1 } from './events/integrations/webhook-rejected.v1';
import { cardActionV1 } from './events/integrations/card-action.v1';
import { deliverySucceededV1 } from './events/integrations/delivery-succeeded.v1';
import { deliveryFailedV1 } from './events/integrations/delivery-failed.v1';

export interface TopicSpec {
  name: string;
  /** What the partition key is; every event of the topic uses the same kind of key. */
  key: string;
  description: string;
  producers: string[];
  consumers: string[];
  events: EventContract[];
}

/**
 * The topic manifest: every topic, who writes and reads it, and the event versions on it.
 * `npm run docs:events` renders it to docs/events.md. A service adds its events here when it
 * starts publishing them.
 */
export const topics: TopicSpec[] = [
  {
    name: 'identity',
    key: 'user id (the username for failed logins of unknown users)',
    description:
      'Sign-ins, bots, API tokens, widget sites and tokens, and session revocations. Never carries a secret.',
    producers: ['identity'],
    consumers: ['gateway', 'messaging', 'integrations', 'audit'],
    events: [
      loginSucceededV1,
      loginFailedV1,
      tokenCreatedV1,
      tokenRevokedV1,
      sessionRevokedV1,
      passwordResetV1,
      botCreatedV1,
      widgetSiteCreatedV1,
      widgetSiteDeletedV1,
      widgetTokenIssuedV1,
    ],
  },
  {
    name: 'messaging',
    key: 'conversation id — so every event of one conversation stays in order',
    description: 'Conversations, memberships, messages, reactions, read state and calls.',
    producers: ['messaging'],
    consumers: ['gateway', 'integrations', 'audit'],
    events: [
      messageSentV1,
      messageEditedV1,
      messageDeletedV1,
      conversationCreatedV1,
      conversationUpdatedV1,
      conversationArchivedV1,
      conversationUnarchivedV1,
      memberJoinedV1,
      memberLeftV1,
      memberRoleChangedV1,
      readUpdatedV1,
      fileUploadedV1,
      reactionAddedV1,
      reactionRemovedV1,
      messagePinnedV1,
      messageUnpinnedV1,
      messageCardUpdatedV1,
      messagePurgedV1,
      callUpdatedV1,
    ],
  },
  {
    name: 'directory',
    key: 'user id, or group / org unit id for group and department events',
    description: 'Users, the department tree, groups and LDAP sync runs.',
    producers: ['directory'],
    consumers: ['identity', 'messaging', 'gateway', 'integrations', 'audit'],
    events: [
      userCreatedV1,
      userUpdatedV1,
      userDeactivatedV1,
      userReactivatedV1,
      groupMembershipChangedV1,
      orgUnitCreatedV1,
      orgUnitRemovedV1,
    ],
  },
  {
    name: 'presence',
    key: 'user id — so the changes of one user stay in order',
    description:
      'Aggregate presence of users (state, DND, custom status, last seen). Fan-out delivers ' +
      "each change only to the user's conversation peers and current subscribers.",
    producers: ['presence'],
    consumers: ['gateway', 'audit'],
    events: [presenceChangedV1],
  },
  {
    name: 'gateway',
    key:
      "delivery records: the constant `deliveries` — one partition, so every gateway reads one process's records in the order they committed; " +
      "connection reports and heartbeats: the reporting gateway process's id — so one process's reports stay in order",
    description:
      'Live delivery between gateway processes (distributed mode): what the fan-out stored, and ' +
      'ephemeral frames such as typing. Each gateway process consumes it in its own consumer ' +
      'group from the newest record; devices that miss a record catch up by resuming. ' +
      'A gateway process without presence in it also reports its sockets here (opened, ' +
      'activity, closed) with a heartbeat per process; presence consumes those.',
    producers: ['gateway'],
    consumers: ['gateway', 'presence'],
    events: [
      deliveryStoredV1,
      deliveryEphemeralV1,
      connectionOpenedV1,
      connectionClosedV1,
      connectionActivityV1,
      processHeartbeatV1,
    ],
  },
  {
    name: 'integrations',
    key: 'the webhook (incoming requests), subscription (outgoing deliveries) or card sender (card actions) it is about — so the events of one stay in order',
    description:
      'Incoming webhooks: accepted requests (the message messaging posts) and refused ones; ' +
      'outgoing deliveries: each try that succeeded or failed; clicks on card actions. ' +
      'Never carries a secret.',
    producers: ['integrations'],
    consumers: ['messaging', 'integrations', 'audit'],
    events: [
      webhookReceivedV1,
      webhookRejectedV1,
      deliverySucceededV1,
      deliveryFailedV1,
      cardActionV1,
    ],
  },
];

export const allContracts: EventContract[] = topics.flatMap((t) => t.events);

const byId = new Map(allContracts.map((c) => [contractId(c), c]));

export function findContract(type: string, version: number): EventContract | undefined {
  return byId.get(`${type}.v${version}`);
}

/** Dead letters of a consumer group: events its handler could not process after N tries. */
export function deadLetterTopic(group: string): string {
  return `dlq.${group}`;
}
