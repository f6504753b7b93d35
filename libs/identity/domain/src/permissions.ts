/**
 * Who may do what, in one table. Every route and WebSocket message declares the permission it
 * needs (or that it is public); a route that declares nothing is refused — and fails the
 * route × role matrix test — so forgetting a check can never open a door.
 */
export const ROLES = ['user', 'admin', 'compliance', 'integration'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Read one's own identity (`GET /api/v1/me`). */
  'self.read',
  /** Revoke all of one's own sessions ("log out everywhere"). */
  'self.sessions.revoke',
  /** Read instance facts (version, mode). */
  'system.read',
  /** Create, list and revoke bot users and their API tokens. */
  'bots.manage',
  /** Deactivate users, revoke anyone's sessions. */
  'users.manage',
  /** Call the REST connector routes (`/api/v1/connect/…`) — what bot tokens are for. */
  'connectors.use',
  /**
   * Mint widget tokens (`POST /api/v1/widget/tokens`, docs/widget.md): short-lived tokens that
   * act as one *person* of a widget site the bot owns. A bot token gets it only when asked for
   * by name (OPT_IN_SCOPES): acting as people must never come with a token by default.
   */
  'widget.tokens.issue',
  /** Search people, browse the department tree. */
  'directory.read',
  /** Run and inspect directory syncs. */
  'directory.manage',
  /** Read the conversations one may see: their messages and files. */
  'messaging.read',
  /** Post into conversations one may post into: messages, files. */
  'messaging.write',
  /**
   * Moderate every channel one can see: rename, archive, invite, remove, delete others'
   * messages, @all anywhere. Not a key to private conversations: those stay members-only.
   */
  'messaging.manage',
  /**
   * Create and manage outgoing webhook subscriptions, read their delivery log, replay
   * deliveries: a subscription sends events out of the server, so admins only.
   */
  'integrations.manage',
  /**
   * Audit search, chain verification, checkpoints (docs/compliance.md). Compliance only: the
   * trail records what admins do too, so admins must not be the ones who read it.
   */
  'audit.read',
  /** Run audit exports and download their archives. Compliance only. */
  'audit.export',
  /** Retention policies and legal holds. Compliance only. */
  'retention.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const grants: Record<Role, readonly Permission[]> = {
  user: [
    'self.read',
    'self.sessions.revoke',
    'system.read',
    'directory.read',
    'messaging.read',
    'messaging.write',
  ],
  admin: [
    'self.read',
    'self.sessions.revoke',
    'system.read',
    'directory.read',
    'bots.manage',
    'users.manage',
    'directory.manage',
    'messaging.read',
    'messaging.write',
    'messaging.manage',
    'integrations.manage',
  ],
  compliance: [
    'self.read',
    'self.sessions.revoke',
    'system.read',
    'directory.read',
    'audit.read',
    'audit.export',
    'retention.manage',
  ],
  // What a connector needs (docs/integrations-bots.md): read and post in the conversations it
  // is a member of (files included), open conversations, look people up. Bots act as
  // themselves, never as someone else; a bot *token* reaches only what its scopes allow on top
  // of this, a service account's JWT all of it. Never self.read: the WebSocket gateway stays
  // for people (bots get events through subscriptions).
  // widget.tokens.issue: a host system's backend signs its people into the embedded widget
  // (docs/widget.md); opt-in per token, see OPT_IN_SCOPES.
  integration: [
    'connectors.use',
    'messaging.read',
    'messaging.write',
    'directory.read',
    'widget.tokens.issue',
  ],
};

/**
 * Permissions a token carries only when its creator names them: a token created without a
 * list of scopes gets everything else its roles grant, never these. Tokens keep the scopes
 * stored when they were created, so none made before a permission joined this list gains it.
 */
export const OPT_IN_SCOPES: readonly Permission[] = ['widget.tokens.issue'];

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => grants[role] ?? []));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return permissionsOf(roles).has(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
