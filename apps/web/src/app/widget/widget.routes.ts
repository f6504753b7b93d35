import type { Routes } from '@angular/router';
import { registerStrings } from '../i18n/translations';
import { widgetEn, widgetZhCN } from '../i18n/strings/widget';
import { WidgetCallback } from './widget-callback.component';
import { WidgetShell } from './widget-shell.component';
import { WidgetSignIn } from './widget-signin.component';

// The widget's words travel with its chunk: the full client never downloads them.
registerStrings({ en: widgetEn, 'zh-CN': widgetZhCN });

/** `/widget/**` (docs/widget.md): the frame, the issuer's callback, the sign-in popup. */
export const widgetRoutes: Routes = [
  { path: '', component: WidgetShell },
  { path: 'callback', component: WidgetCallback },
  { path: 'signin', component: WidgetSignIn },
];
