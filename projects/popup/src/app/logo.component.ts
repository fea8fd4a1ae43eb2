/**
 * The handset drawn by the product mark (a white handset on the brand tile) and by the Dial button: one path, the
 * same one projects/extension/icons/icon.svg draws for the toolbar icons.
 */
import { ChangeDetectionStrategy, Component } from '@angular/core';

export const HANDSET_PATH =
  'M6.62 10.79c1.44 2.83 3.76 5.14 6.59 6.59l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 1 .45 1 1V20c0 .55-.45 1-1 1-9.39 0-17-7.61-17-17 0-.55.45-1 1-1h3.5c.55 0 1 .45 1 1 0 1.25.2 2.45.57 3.57.11.35.03.74-.25 1.02l-2.2 2.2z';

@Component({
  selector: 'vc-logo',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg class="logo" aria-hidden="true" viewBox="0 0 128 128" width="28" height="28">
      <rect width="128" height="128" rx="28" fill="var(--brand)" />
      <path transform="translate(8 8) scale(4.667)" fill="#fff" [attr.d]="handset" />
    </svg>
  `,
})
export class LogoComponent {
  protected readonly handset = HANDSET_PATH;
}
