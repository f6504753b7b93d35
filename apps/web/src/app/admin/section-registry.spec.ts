import { describe, expect, it } from 'vitest';
import { sectionFor, type AdminSection } from './section-registry';

class First {}
class Second {}
const sections: AdminSection[] = [
  { id: 'users', label: 'admin.section.users', component: First },
  { id: 'directory-sync', label: 'admin.section.sync', component: Second },
];

describe('choosing the admin section', () => {
  it('follows the URL, and falls back to the first section', () => {
    expect(sectionFor(sections, 'directory-sync')?.component).toBe(Second);
    expect(sectionFor(sections, 'users')?.component).toBe(First);
    expect(sectionFor(sections, undefined)?.id).toBe('users');
    expect(sectionFor(sections, 'no-such-section')?.id).toBe('users');
    expect(sectionFor([], 'users')).toBeUndefined();
  });
});
