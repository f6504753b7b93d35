import { createHash, randomUUID } from 'node:crypto';
import { groupMembershipChangedV1 } from '@tidings/contracts';
import {
  TypeOrmGroupRepository,
  type DirectoryGroup,
  type LdapGroup,
} from '@tidings/directory/data-access';
import {
  membershipDiff,
  resolveGroups,
  type MemberCandidate,
  type ResolvedGroup,
} from '@tidings/directory/domain';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import type { DataSource } from 'typeorm';
import { SYNC_ACTOR } from './apply-user-changes';

/** Identifies a resolved membership (ids sorted by resolveGroups). */
function membersHash(ids: readonly string[]): string {
  return createHash('sha256').update(ids.join('\n')).digest('hex');
}

/** Ids per membership event: keeps every event well under the broker's message limit. */
const IDS_PER_EVENT = 1000;

export interface GroupPlan {
  create: Array<{ id: string; group: ResolvedGroup }>;
  change: Array<{
    current: DirectoryGroup;
    group: ResolvedGroup;
    added: string[];
    removed: string[];
  }>;
  remove: Array<{ current: DirectoryGroup; removed: string[] }>;
  unchanged: number;
  /** Tidings' id of every group already known, by external id (children are stored by id). */
  knownIds: Map<string, string>;
  /** A reason the removal step was skipped (an empty read looks like an outage). */
  warning: string | null;
}

export function groupCounts(plan: GroupPlan): Record<string, number> {
  return {
    groupsCreated: plan.create.length,
    groupsChanged: plan.change.length,
    groupsRemoved: plan.remove.length,
    groupsUnchanged: plan.unchanged,
  };
}

/**
 * Directory groups → Tidings groups with resolved (nested) membership. Members are matched
 * against the people as this run leaves them; the plan compares
 * the new resolution with the stored one and only changes produce events.
 */
export class GroupSync {
  private readonly groups: TypeOrmGroupRepository;

  constructor(
    dataSource: DataSource,
    private readonly runner: TransactionRunner,
  ) {
    this.groups = new TypeOrmGroupRepository(dataSource);
  }

  /** `people`: the active people as they are after this run's user changes. */
  async plan(incoming: LdapGroup[], people: MemberCandidate[]): Promise<GroupPlan> {
    const resolved = resolveGroups(incoming, people);
    const hashOf = new Map(resolved.map((g) => [g.externalId, membersHash(g.members)]));
    const known = await this.groups.listBySource('ldap');
    const byExternalId = new Map(known.map((g) => [g.externalId, g]));
    // Only groups whose membership changed (or that left) need their stored members read:
    // with an all-staff group that is most of the table, and usually nothing changed.
    const stale = known.filter((g) => g.membersHash !== hashOf.get(g.externalId ?? ''));
    const before = await this.groups.memberIdsByGroup(stale.map((g) => g.id));
    const knownIds = new Map(
      known.flatMap((g) => (g.externalId ? [[g.externalId, g.id] as const] : [])),
    );
    const plan: GroupPlan = {
      create: [],
      change: [],
      remove: [],
      unchanged: 0,
      knownIds,
      warning: null,
    };
    const seen = new Set<string>();
    for (const group of resolved) {
      seen.add(group.externalId);
      const current = byExternalId.get(group.externalId);
      if (!current) {
        plan.create.push({ id: randomUUID(), group });
        continue;
      }
      const { added, removed } = before.has(current.id)
        ? membershipDiff(before.get(current.id) ?? [], group.members)
        : { added: [], removed: [] };
      const renamed = current.name !== group.name || current.dn !== group.dn;
      if (added.length || removed.length || renamed || current.status !== 'active')
        plan.change.push({ current, group, added, removed });
      else plan.unchanged++;
    }
    const gone = known.filter((g) => g.status === 'active' && !seen.has(g.externalId ?? ''));
    if (incoming.length === 0 && gone.length > 0) {
      plan.warning = `The directory returned no groups; kept the ${gone.length} known ones.`;
    } else {
      for (const current of gone)
        plan.remove.push({ current, removed: before.get(current.id) ?? [] });
    }
    return plan;
  }

  /** Each group in its own transaction: its rows and its events commit together. */
  async apply(plan: GroupPlan): Promise<void> {
    // Children are stored by Tidings id, so every group needs its id before any membership.
    const idOf = new Map(plan.knownIds);
    for (const { id, group } of plan.create) idOf.set(group.externalId, id);
    const children = (group: ResolvedGroup) =>
      group.childGroups.map((ext) => idOf.get(ext)).filter((id): id is string => id !== undefined);

    await this.runner.run(async (tx) => {
      const groups = new TypeOrmGroupRepository(tx.manager);
      for (const { id, group } of plan.create)
        await groups.insert({
          id,
          source: 'ldap',
          externalId: group.externalId,
          dn: group.dn,
          name: group.name,
          status: 'active',
          memberCount: group.members.length,
          membersHash: membersHash(group.members),
        });
    });
    for (const { id, group } of plan.create) {
      await this.runner.run(async (tx) => {
        await new TypeOrmGroupRepository(tx.manager).replaceMembers(id, {
          direct: group.directMembers,
          all: group.members,
          childGroups: children(group),
        });
        publishChange(tx, id, group.name, group.members, [], group.members.length, false);
      });
    }
    for (const { current, group, added, removed } of plan.change) {
      await this.runner.run(async (tx) => {
        const groups = new TypeOrmGroupRepository(tx.manager);
        await groups.update(current.id, {
          name: group.name,
          dn: group.dn,
          status: 'active',
          memberCount: group.members.length,
          membersHash: membersHash(group.members),
        });
        await groups.replaceMembers(current.id, {
          direct: group.directMembers,
          all: group.members,
          childGroups: children(group),
        });
        if (added.length || removed.length)
          publishChange(tx, current.id, group.name, added, removed, group.members.length, false);
      });
    }
    for (const { current, removed } of plan.remove) {
      await this.runner.run(async (tx) => {
        const groups = new TypeOrmGroupRepository(tx.manager);
        await groups.update(current.id, {
          status: 'removed',
          memberCount: 0,
          membersHash: membersHash([]),
        });
        await groups.replaceMembers(current.id, { direct: [], all: [], childGroups: [] });
        publishChange(tx, current.id, current.name, [], removed, 0, true);
      });
    }
  }
}

/** One membership change as events, split into parts of at most IDS_PER_EVENT ids. */
function publishChange(
  tx: Tx,
  groupId: string,
  name: string,
  added: string[],
  removed: string[],
  memberCount: number,
  groupRemoved: boolean,
): void {
  const all = [
    ...added.map((id) => ['added', id] as const),
    ...removed.map((id) => ['removed', id] as const),
  ];
  const parts = Math.max(1, Math.ceil(all.length / IDS_PER_EVENT));
  for (let part = 0; part < parts; part++) {
    const slice = all.slice(part * IDS_PER_EVENT, (part + 1) * IDS_PER_EVENT);
    tx.publish(groupMembershipChangedV1, {
      key: groupId,
      actor: SYNC_ACTOR,
      data: {
        groupId,
        name,
        added: slice.filter(([kind]) => kind === 'added').map(([, id]) => id),
        removed: slice.filter(([kind]) => kind === 'removed').map(([, id]) => id),
        memberCount,
        groupRemoved,
        part: part + 1,
        parts,
      },
    });
  }
}
