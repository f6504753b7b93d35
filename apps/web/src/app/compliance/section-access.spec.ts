import { describe, expect, it } from 'vitest';
import { SECTION_PERMISSIONS, sectionsFor, type SectionId } from './section-access';

const sections = (Object.keys(SECTION_PERMISSIONS) as SectionId[]).map((id) => ({
  id,
  permission: SECTION_PERMISSIONS[id],
}));
const ids = (has: (p: string) => boolean) => sectionsFor(sections, has).map((s) => s.id);

describe('compliance sections', () => {
  it('shows each section only to whoever holds the permission its API needs', () => {
    const compliance = ['audit.read', 'audit.export', 'retention.manage'];
    expect(ids((p) => compliance.includes(p))).toEqual([
      'search',
      'exports',
      'verify',
      'retention',
    ]);
    expect(ids((p) => p === 'audit.export')).toEqual(['exports']);
    expect(ids((p) => p === 'audit.read')).toEqual(['search', 'verify']);
  });

  it("opens none to an administrator's permissions: the console refuses them", () => {
    const admin = ['directory.manage', 'users.manage', 'integrations.manage', 'messaging.manage'];
    expect(ids((p) => admin.includes(p))).toEqual([]);
  });
});
