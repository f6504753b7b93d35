/** The compliance permissions (granted to the compliance role only; docs/compliance.md). */
export type CompliancePermission = 'audit.read' | 'audit.export' | 'retention.manage';

/** Each console section and the permission its API needs. */
export const SECTION_PERMISSIONS = {
  search: 'audit.read',
  exports: 'audit.export',
  verify: 'audit.read',
  retention: 'retention.manage',
} as const satisfies Record<string, CompliancePermission>;

export type SectionId = keyof typeof SECTION_PERMISSIONS;

/** The sections someone may open: those whose permission `has` grants, in order. */
export function sectionsFor<S extends { permission: CompliancePermission }>(
  sections: readonly S[],
  has: (permission: string) => boolean,
): S[] {
  return sections.filter((section) => has(section.permission));
}
