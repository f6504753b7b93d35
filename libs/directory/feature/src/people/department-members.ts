import { Inject, Injectable } from '@nestjs/common';
import {
  TypeOrmUserListingRepository,
  type DirectoryUser,
  type MemberCursor,
  type UserListingRepository,
} from '@tidings/directory/data-access';
import { NotFoundError, ValidationError } from '@tidings/platform/errors';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';

export interface MembersRequest {
  recursive: boolean;
  cursor?: string | undefined;
  limit: number;
  includeDeactivated: boolean;
}

export interface MembersPage {
  items: DirectoryUser[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * The cursor is opaque to clients: the last member's sort key, base64url JSON. It carries no
 * filter, so a client must repeat `recursive` and friends with it (as with any cursor API).
 */
export function encodeCursor(cursor: MemberCursor): string {
  return Buffer.from(JSON.stringify([cursor.displayName, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): MemberCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    )
      return { displayName: value[0], id: value[1] };
  } catch {
    // falls through to the refusal below
  }
  throw new ValidationError('The cursor is not one this API returned.', [
    { path: 'query.cursor', message: 'unknown cursor' },
  ]);
}

/** People in a department — its own members, or everyone in its subtree — a page at a time. */
@Injectable()
export class DepartmentMembers {
  private readonly listing: UserListingRepository;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.listing = new TypeOrmUserListingRepository(dataSource);
  }

  async page(orgUnitId: string, request: MembersRequest): Promise<MembersPage> {
    const after = request.cursor === undefined ? null : decodeCursor(request.cursor);
    const unit = await this.listing.findUnit(orgUnitId);
    if (!unit)
      throw new NotFoundError('directory.org_unit.not_found', 'No such department.', {
        id: orgUnitId,
      });
    const { items, next } = await this.listing.membersOf(unit, {
      recursive: request.recursive,
      after,
      limit: request.limit,
      includeDeactivated: request.includeDeactivated,
    });
    return { items, nextCursor: next ? encodeCursor(next) : null };
  }
}
