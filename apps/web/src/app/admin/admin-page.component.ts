import { ChangeDetectionStrategy, Component } from '@angular/core';

/** `/admin`: the admin console's shell (being built). */
@Component({
  selector: 'td-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<main data-testid="admin-page"></main>`,
})
export class AdminPage {}
