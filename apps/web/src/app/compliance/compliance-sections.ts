import type { AdminSection } from '../admin/section-registry';
import { AuditSearch } from './audit-search.component';
import { ExportsSection } from './exports-section.component';
import { RetentionSection } from './retention-section.component';
import { SECTION_PERMISSIONS, type CompliancePermission, type SectionId } from './section-access';
import { VerifySection } from './verify-section.component';

/** A console section and the permission its API needs. */
export interface ComplianceSection extends AdminSection {
  id: SectionId;
  permission: CompliancePermission;
}

/**
 * The compliance console's sections, in the side nav's order: `/compliance?section=<id>`.
 * Their permissions are the compliance role's alone — administrators hold none of them.
 */
export const COMPLIANCE_SECTIONS: readonly ComplianceSection[] = (
  [
    { id: 'search', label: 'compliance.section.search', component: AuditSearch },
    { id: 'exports', label: 'compliance.section.exports', component: ExportsSection },
    { id: 'verify', label: 'compliance.section.verify', component: VerifySection },
    { id: 'retention', label: 'compliance.section.retention', component: RetentionSection },
  ] satisfies Array<Omit<ComplianceSection, 'permission'>>
).map((section) => ({ ...section, permission: SECTION_PERMISSIONS[section.id] }));
