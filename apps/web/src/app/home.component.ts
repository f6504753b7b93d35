import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { AuthService } from './auth/auth.service';
import { SignIn } from './auth/sign-in.component';
import { ChatShell } from './chat/chat-shell.component';

/** `/` and `/c/:id`: the chat for a signed-in user, the sign-in page for anyone else. */
@Component({
  selector: 'td-home',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChatShell, SignIn],
  template: `
    @if (auth.signedIn()) {
      <td-chat-shell [id]="id()" [around]="around()" />
    } @else {
      <td-sign-in />
    }
  `,
})
export class Home {
  protected readonly auth = inject(AuthService);
  readonly id = input<string | undefined>();
  /** `?around=<seq>`: a search hit's message, to open the conversation at. */
  readonly around = input<string | undefined>();
}
