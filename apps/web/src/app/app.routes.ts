import type { Routes } from '@angular/router';
import { AuthCallback } from './auth/auth-callback.component';
import { Home } from './home.component';

export const routes: Routes = [
  { path: '', component: Home },
  { path: 'c/:id', component: Home },
  { path: 'auth/callback', component: AuthCallback },
  // Screens outside the chat load on first visit: they stay out of the initial bundle.
  {
    path: 'directory',
    loadComponent: () =>
      import('./directory/directory-page.component').then((m) => m.DirectoryPage),
  },
  {
    path: 'admin',
    loadComponent: () => import('./admin/admin-page.component').then((m) => m.AdminPage),
  },
  {
    path: 'compliance',
    loadComponent: () =>
      import('./compliance/compliance-page.component').then((m) => m.CompliancePage),
  },
  { path: '**', redirectTo: '' },
];
