import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  userCreatedV1,
  userDeactivatedV1,
  userReactivatedV1,
  userUpdatedV1,
  type Actor,
} from '@tidings/contracts';
import {
  TypeOrmDirectoryUserRepository,
  TypeOrmOrgUnitRepository,
  TypeOrmUserListingRepository,
  type DirectoryUser,
} from '@tidings/directory/data-access';
import { BusRuntime, type TransactionRunner, type Tx } from '@tidings/platform/bus';
import { ConflictError, DomainError, NotFoundError } from '@tidings/platform/errors';

/** The profile fields an administrator edits on a local user (username is fixed). */
export interface LocalUserFields {
  displayName: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  employeeNumber: string | null;
  orgUnitId: string | null;
}

export interface NewLocalUser extends Partial<LocalUserFields> {
  username: string;
  displayName: string;
}

const EDITABLE = ['displayName', 'email', 'phone', 'title', 'employeeNumber', 'orgUnitId'] as const;

/**
 * Administrators' changes to local (non-LDAP) people — the directory's one write path for
 * them: check, then in one transaction write the change and its `directory.user.*` event.
 * LDAP people are refused (`directory.user.managed_by_ldap`): the directory is their source of
 * truth, and the next sync would undo any edit made here.
 *
 * The username is fixed once created: identity maps sign-ins to people by it.
 */
@Injectable()
export class LocalUserActions {
  private readonly runner: TransactionRunner;

  constructor(bus: BusRuntime) {
    this.runner = bus.runnerFor('directory');
  }

  async create(input: NewLocalUser, actor: Actor): Promise<DirectoryUser> {
    return this.runner.run(async (tx) => {
      const listing = new TypeOrmUserListingRepository(tx.manager);
      // Case-insensitively: `Alice` beside `alice` would be two people to the database and one
      // to everybody else. (The unique index still catches an exact race.)
      if (await listing.findByUsernameIgnoringCase(input.username))
        throw new ConflictError(
          'directory.user.username_taken',
          `The username ${input.username} is taken.`,
          { username: input.username },
        );
      const orgUnitPath = await this.unitPath(tx, input.orgUnitId ?? null);
      const id = randomUUID();
      const users = new TypeOrmDirectoryUserRepository(tx.manager);
      await users.insert({
        id,
        source: 'local',
        externalId: null,
        dn: null,
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        phone: input.phone ?? null,
        title: input.title ?? null,
        employeeNumber: input.employeeNumber ?? null,
        department: null,
        locale: null,
        avatarSha256: null,
        orgUnitId: input.orgUnitId ?? null,
        status: 'active',
      });
      const user = await this.existing(users, id);
      tx.publish(userCreatedV1, { key: id, actor, data: profileOf(user, orgUnitPath) });
      return user;
    });
  }

  /** Changes the given fields; an edit that changes nothing writes nothing and says nothing. */
  async update(id: string, patch: Partial<LocalUserFields>, actor: Actor): Promise<DirectoryUser> {
    return this.runner.run(async (tx) => {
      const users = new TypeOrmDirectoryUserRepository(tx.manager);
      const user = localOnly(await this.existing(users, id));
      const changes: Partial<LocalUserFields> = {};
      for (const field of EDITABLE) {
        const value = patch[field];
        if (value !== undefined && value !== user[field])
          Object.assign(changes, { [field]: value });
      }
      if (Object.keys(changes).length === 0) return user;
      const orgUnitPath = await this.unitPath(tx, changes.orgUnitId ?? user.orgUnitId);
      await users.update(id, changes);
      const updated = await this.existing(users, id);
      // Consumers know a department change as `orgUnits`, as the sync reports it.
      const changed = Object.keys(changes).map((f) => (f === 'orgUnitId' ? 'orgUnits' : f));
      tx.publish(userUpdatedV1, {
        key: id,
        actor,
        data: { ...profileOf(updated, orgUnitPath), changed },
      });
      return updated;
    });
  }

  /** Idempotent: deactivating a deactivated user changes nothing and publishes nothing. */
  async deactivate(id: string, actor: Actor): Promise<DirectoryUser> {
    return this.runner.run(async (tx) => {
      const users = new TypeOrmDirectoryUserRepository(tx.manager);
      const user = localOnly(await this.existing(users, id));
      if (user.status === 'deactivated') return user;
      await users.update(id, { status: 'deactivated' });
      tx.publish(userDeactivatedV1, {
        key: id,
        actor,
        data: {
          userId: id,
          username: user.username,
          reason: 'admin',
          deactivatedAt: new Date().toISOString(),
        },
      });
      return this.existing(users, id);
    });
  }

  async reactivate(id: string, actor: Actor): Promise<DirectoryUser> {
    return this.runner.run(async (tx) => {
      const users = new TypeOrmDirectoryUserRepository(tx.manager);
      const user = localOnly(await this.existing(users, id));
      if (user.status === 'active') return user;
      await users.update(id, { status: 'active' });
      const reactivated = await this.existing(users, id);
      const orgUnitPath = await this.unitPath(tx, reactivated.orgUnitId);
      tx.publish(userReactivatedV1, { key: id, actor, data: profileOf(reactivated, orgUnitPath) });
      return reactivated;
    });
  }

  private async existing(users: TypeOrmDirectoryUserRepository, id: string) {
    const user = await users.findById(id);
    if (!user) throw new NotFoundError('directory.user.not_found', 'No such user.', { id });
    return user;
  }

  /** The department's path for the event; a unit that does not exist is the caller's mistake. */
  private async unitPath(tx: Tx, orgUnitId: string | null): Promise<string[]> {
    if (orgUnitId === null) return [];
    const unit = (await new TypeOrmOrgUnitRepository(tx.manager).list()).find(
      (u) => u.id === orgUnitId,
    );
    if (!unit)
      throw new DomainError(
        'directory.org_unit.not_found',
        'unprocessable',
        'No such department.',
        {
          details: { orgUnitId },
        },
      );
    return unit.path;
  }
}

function localOnly(user: DirectoryUser): DirectoryUser {
  if (user.source === 'ldap')
    throw new ConflictError(
      'directory.user.managed_by_ldap',
      'This person comes from the LDAP directory: change them there; the next sync brings it here.',
      { id: user.id },
    );
  return user;
}

function profileOf(user: DirectoryUser, orgUnitPath: string[]) {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    title: user.title,
    source: user.source,
    orgUnitPath,
  };
}
