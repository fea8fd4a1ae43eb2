/** The banner announcing an upcoming privacy-policy version, until the user dismisses it. */
import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import type { PolicyNotice } from '@voipcom/shared';
import { TextPipe, TEXTS } from './texts';

@Component({
  selector: 'vc-policy-notice',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TextPipe],
  template: `
    <section class="notice" aria-labelledby="policy-notice-title">
      <h2 id="policy-notice-title" class="notice-title">{{ 'policyUpdateOn' | text: effectiveText() }}</h2>
      <p class="notice-text">{{ notice().summary }}</p>
      <div class="notice-actions">
        <a class="link" [href]="notice().url" target="_blank" rel="noopener">{{ 'readNewPolicy' | text }}</a>
        <button type="button" class="btn btn-quiet btn-small" (click)="dismissed.emit(notice().effective)">
          {{ 'dismiss' | text }}
        </button>
      </div>
    </section>
  `,
})
export class PolicyNoticeComponent {
  readonly notice = input.required<PolicyNotice>();
  readonly dismissed = output<string>();
  private readonly texts = inject(TEXTS);

  protected readonly effectiveText = computed(() =>
    // The date is a calendar date: format it in UTC so it never shifts by a day.
    new Intl.DateTimeFormat(this.texts.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${this.notice().effective}T00:00:00Z`),
    ),
  );
}
