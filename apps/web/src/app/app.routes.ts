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
  // The embeddable widget's frame, its sign-in callback and popup (docs/widget.md): loaded
  // only by the frame, never by the full client.
  {
    path: 'widget',
    loadChildren: () => import('./widget/widget.routes').then((m) => m.widgetRoutes),
  },
  { path: '**', redirectTo: '' },
];
