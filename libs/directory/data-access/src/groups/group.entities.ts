import { EntitySchema } from 'typeorm';

export interface GroupRow {
  id: string;
  source: string;
  externalId: string | null;
  dn: string | null;
  name: string;
  status: string;
  memberCount: number;
  membersHash: string | null;
  createdMs: string | number;
  updatedMs: string | number;
}

export const GroupEntity = new EntitySchema<GroupRow>({
  name: 'DirectoryGroup',
  tableName: 'directory_groups',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    source: { type: 'varchar', length: 16 },
    externalId: { name: 'external_id', type: 'varchar', length: 200, nullable: true },
    dn: { type: 'varchar', length: 1000, nullable: true },
    name: { type: 'varchar', length: 200 },
    status: { type: 'varchar', length: 16 },
    memberCount: { name: 'member_count', type: 'integer' },
    membersHash: { name: 'members_hash', type: 'varchar', length: 64, nullable: true },
    createdMs: { name: 'created_ms', type: 'bigint' },
    updatedMs: { name: 'updated_ms', type: 'bigint' },
  },
});

/** Resolved membership: one row per person in the group, `direct` when listed by the group itself. */
export interface GroupMemberRow {
  groupId: string;
  userId: string;
  direct: boolean;
}

export const GroupMemberEntity = new EntitySchema<GroupMemberRow>({
  name: 'DirectoryGroupMember',
  tableName: 'directory_group_members',
  columns: {
    groupId: { name: 'group_id', type: 'varchar', length: 36, primary: true },
    userId: { name: 'user_id', type: 'varchar', length: 36, primary: true },
    direct: { type: 'boolean' },
  },
});

export interface GroupChildRow {
  groupId: string;
  childId: string;
}

export const GroupChildEntity = new EntitySchema<GroupChildRow>({
  name: 'DirectoryGroupChild',
  tableName: 'directory_group_children',
  columns: {
    groupId: { name: 'group_id', type: 'varchar', length: 36, primary: true },
    childId: { name: 'child_id', type: 'varchar', length: 36, primary: true },
  },
});
