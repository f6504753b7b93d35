import {
  connectionActivityV1,
  connectionClosedV1,
  connectionOpenedV1,
  processHeartbeatV1,
  type EventEnvelope,
} from '@tidings/contracts';
import type { PresenceSubscriptions } from '@tidings/presence/domain';
import type { PresenceActions } from '../presence.actions';
import { subscriberOf } from '../presence-connections';
import type { PresencePeers } from '../presence-ports';
import type { PresenceQueries } from '../presence.queries';
import type { HolderLeases } from './holder-leases';

/**
 * What gateway processes elsewhere report on the bus (distributed mode), applied as the
 * in-process PresenceConnections applies the gateway's calls — with the reporting process as
 * the connection's holder. Unlike those calls, a failure throws: the bus retries the event, so
 * a database hiccup does not leave a ghost device or a missing one. Every report is idempotent
 * (an open recorded twice is one row; a close or an activity of an unknown connection does
 * nothing), so a redelivered one is harmless. One process's reports arrive in order (keyed by
 * its id): a socket's close never overtakes its open.
 */
export class GatewayReports {
  /** The event types it applies; the delivery records that share the topic are skipped unread. */
  static readonly TYPES: readonly string[] = [
    processHeartbeatV1.type,
    connectionOpenedV1.type,
    connectionActivityV1.type,
    connectionClosedV1.type,
  ];

  constructor(
    private readonly actions: PresenceActions,
    private readonly queries: Pick<PresenceQueries, 'ownerOf'>,
    private readonly peers: PresencePeers,
    private readonly subscriptions: PresenceSubscriptions,
    private readonly leases: Pick<HolderLeases, 'renew'>,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    if (event.version !== 1) return;
    switch (event.type) {
      case processHeartbeatV1.type: {
        const { processId, leaseMs } = processHeartbeatV1.schema.parse(event.data);
        await this.leases.renew(processId, leaseMs);
        return;
      }
      case connectionOpenedV1.type: {
        const report = connectionOpenedV1.schema.parse(event.data);
        const personId = await this.peers.personIdOf(report);
        await this.actions.connected(personId, report.connectionId, report.processId);
        return;
      }
      case connectionActivityV1.type: {
        const report = connectionActivityV1.schema.parse(event.data);
        const userId = await this.queries.ownerOf(report.connectionId);
        if (userId) await this.actions.activity(userId, report.connectionId, report.state);
        return;
      }
      case connectionClosedV1.type: {
        const report = connectionClosedV1.schema.parse(event.data);
        this.subscriptions.drop(subscriberOf(report.connectionId));
        const userId = await this.queries.ownerOf(report.connectionId);
        if (userId) await this.actions.disconnected(userId, report.connectionId);
        return;
      }
      default:
      // Delivery records between gateways share the topic: not presence's business.
    }
  }
}
