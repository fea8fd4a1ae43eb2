/** Fills a <select> with its options from a list: one small directive instead of @for, whose repeater costs the popup bundle about 5 KB. */
import { Directive, ElementRef, inject, Input } from '@angular/core';

export interface SelectOption {
  value: string;
  label: string;
  selected: boolean;
}

@Directive({ selector: 'select[vcOptions]' })
export class SelectOptionsDirective {
  private readonly select: HTMLSelectElement = inject<ElementRef<HTMLSelectElement>>(ElementRef).nativeElement;

  /** A setter input rather than a signal input with an effect(): the options are replaced whenever the list changes, nothing else reads it. */
  @Input({ required: true }) set vcOptions(options: readonly SelectOption[]) {
    // Option() sets text, never markup: labels come from the PBX and must not be read as HTML.
    this.select.replaceChildren(...options.map((option) => new Option(option.label, option.value, option.selected, option.selected)));
  }
}
