import { randomUUID } from 'node:crypto';
import {
  orgUnitCreatedV1,
  userCreatedV1,
  userDeactivatedV1,
  userReactivatedV1,
  userUpdatedV1,
  type Actor,
} from '@tidings/contracts';
import {
  TypeOrmAvatarRepository,
  TypeOrmDirectoryUserRepository,
  TypeOrmOrgUnitRepository,
} from '@tidings/directory/data-access';
import type { UserChange } from '@tidings/directory/domain';
import type { Tx } from '@tidings/platform/bus';

export const SYNC_ACTOR: Actor = { kind: 'system', id: 'directory.sync' };

/**
 * Writes one planned change and its event in the caller's transaction (DESIGN §4.1). New
 * departments met on the way are created and announced in the same transaction; returns how
 * many.
 */
export async function applyUserChange(
  tx: Tx,
  change: UserChange,
  /** The id a created user gets (chosen by the caller, which needs it before the write). */
  newUserId: string = randomUUID(),
): Promise<number> {
  const users = new TypeOrmDirectoryUserRepository(tx.manager);
  const units = new TypeOrmOrgUnitRepository(tx.manager);
  if (change.kind === 'deactivate') {
    await users.update(change.id, { status: 'deactivated' });
    tx.publish(userDeactivatedV1, {
      key: change.id,
      actor: SYNC_ACTOR,
      data: {
        userId: change.id,
        username: change.username,
        reason: change.reason === 'disabled' ? 'ldap_disabled' : 'ldap_removed',
        deactivatedAt: new Date().toISOString(),
      },
    });
    return 0;
  }
  const user = change.user;
  let orgUnitsCreated = 0;
  const orgUnitId = await units.ensurePath(user.orgUnits, (unit) => {
    orgUnitsCreated++;
    tx.publish(orgUnitCreatedV1, {
      key: unit.id,
      actor: SYNC_ACTOR,
      data: { orgUnitId: unit.id, parentId: unit.parentId, name: unit.name, path: unit.path },
    });
  });
  const fields = {
    externalId: user.externalId,
    dn: user.dn,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    phone: user.phone,
    title: user.title,
    employeeNumber: user.employeeNumber,
    department: user.department,
    locale: user.locale,
    avatarSha256: user.avatarSha256,
    orgUnitId,
  };
  const id = change.kind === 'create' ? newUserId : change.id;
  const profile = {
    userId: id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    title: user.title,
    source: 'ldap' as const,
    orgUnitPath: user.orgUnits,
  };
  if (change.kind === 'create') {
    await users.insert({ id, source: 'ldap', status: 'active', ...fields });
    tx.publish(userCreatedV1, { key: id, actor: SYNC_ACTOR, data: profile });
  } else if (change.kind === 'reactivate') {
    await users.update(id, { ...fields, status: 'active' });
    tx.publish(userReactivatedV1, { key: id, actor: SYNC_ACTOR, data: profile });
  } else {
    await users.update(id, fields);
    tx.publish(userUpdatedV1, {
      key: id,
      actor: SYNC_ACTOR,
      data: { ...profile, changed: change.fields },
    });
  }
  // After the user row: the avatar row refers to it.
  if (change.kind === 'create' || change.fields.includes('avatarSha256')) {
    const avatars = new TypeOrmAvatarRepository(tx.manager);
    if (user.avatar) await avatars.put(id, user.avatar);
    else await avatars.remove(id);
  }
  return orgUnitsCreated;
}
