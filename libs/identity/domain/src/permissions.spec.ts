import { describe, expect, it } from 'vitest';
import { hasPermission, isRole, OPT_IN_SCOPES, permissionsOf } from './permissions';

describe('permissions', () => {
  it('grants admins management and users only their own things', () => {
    expect(hasPermission(['admin'], 'bots.manage')).toBe(true);
    expect(hasPermission(['user'], 'bots.manage')).toBe(false);
    expect(hasPermission(['user'], 'self.read')).toBe(true);
  });

  it('lets integrations use connectors and nothing a person does', () => {
    expect(hasPermission(['integration'], 'connectors.use')).toBe(true);
    expect(hasPermission(['integration'], 'system.read')).toBe(false);
    expect(hasPermission(['admin'], 'connectors.use')).toBe(false);
  });

  it('lets people read and write messages, admins moderate, integrations read and post', () => {
    expect(hasPermission(['user'], 'messaging.write')).toBe(true);
    expect(hasPermission(['user'], 'messaging.manage')).toBe(false);
    expect(hasPermission(['admin'], 'messaging.manage')).toBe(true);
    expect(hasPermission(['integration'], 'messaging.write')).toBe(true);
    expect(hasPermission(['integration'], 'messaging.read')).toBe(true);
    expect(hasPermission(['integration'], 'messaging.manage')).toBe(false);
  });

  it('lets integrations look people up, not manage the directory or reach the gateway', () => {
    expect(hasPermission(['integration'], 'directory.read')).toBe(true);
    expect(hasPermission(['integration'], 'directory.manage')).toBe(false);
    expect(hasPermission(['integration'], 'self.read')).toBe(false);
  });

  it('lets only admins manage outgoing subscriptions', () => {
    expect(hasPermission(['admin'], 'integrations.manage')).toBe(true);
    expect(hasPermission(['user'], 'integrations.manage')).toBe(false);
    expect(hasPermission(['integration'], 'integrations.manage')).toBe(false);
    expect(hasPermission(['compliance'], 'integrations.manage')).toBe(false);
  });

  it('grants the audit permissions to compliance alone — not even to admins', () => {
    for (const permission of ['audit.read', 'audit.export', 'retention.manage'] as const) {
      expect(hasPermission(['compliance'], permission)).toBe(true);
      expect(hasPermission(['admin'], permission)).toBe(false);
      expect(hasPermission(['user'], permission)).toBe(false);
      expect(hasPermission(['integration'], permission)).toBe(false);
    }
  });

  it('lets integrations alone mint widget tokens, and only when a token names the scope', () => {
    expect(hasPermission(['integration'], 'widget.tokens.issue')).toBe(true);
    for (const role of ['user', 'admin', 'compliance'] as const)
      expect(hasPermission([role], 'widget.tokens.issue')).toBe(false);
    expect(OPT_IN_SCOPES).toContain('widget.tokens.issue');
  });

  it('unions the permissions of several roles and knows no others', () => {
    expect(permissionsOf(['user', 'integration']).has('connectors.use')).toBe(true);
    expect(permissionsOf([]).size).toBe(0);
    expect(isRole('admin')).toBe(true);
    expect(isRole('root')).toBe(false);
  });
});
