import { ChangeDetectionStrategy, Component } from '@angular/core';

/** `/directory`: the department tree, people search and profile cards (being built). */
@Component({
  selector: 'td-directory-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<main data-testid="directory-page"></main>`,
})
export class DirectoryPage {}
