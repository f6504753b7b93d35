import type { Routes } from '@angular/router';
import { AuthCallback } from './auth/auth-callback.component';
import { Home } from './home.component';

export const routes: Routes = [
  { path: '', component: Home },
  { path: 'c/:id', component: Home },
  { path: 'auth/callback', component: AuthCallback },
  { path: '**', redirectTo: '' },
];
