/** Root of the popup. */
import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'vc-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<main>Voipcom Click-to-Dial</main>`,
})
export class AppComponent {}
