import { DirectorySyncSection } from './directory-sync-section.component';
import { IntegrationsSection } from './integrations/integrations-section.component';
import type { AdminSection } from './section-registry';
import { UsersSection } from './users-section.component';

/**
 * The admin console's sections — the one place a later console (audit, retention, bots …)
 * plugs in: add an entry here, and the side nav and `/admin?section=<id>` pick it up.
 */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { id: 'users', label: 'admin.section.users', component: UsersSection },
  { id: 'directory-sync', label: 'admin.section.sync', component: DirectorySyncSection },
  { id: 'integrations', label: 'admin.section.integrations', component: IntegrationsSection },
];
