/** Moving keyboard focus to an element that the next render shows or enables (the passcode field, an armed button). */
import { afterNextRender, ElementRef, inject, Injector } from '@angular/core';

/**
 * Call in a component's field initialiser; the function it returns focuses the host's element matching `selector`
 * after the next render. A host lookup rather than a viewChild: a signal query costs the popup bundle about 10 KB.
 */
export function focusLater(): (selector: string) => void {
  const host: HTMLElement = inject(ElementRef).nativeElement;
  const injector = inject(Injector);
  return (selector) => afterNextRender(() => host.querySelector<HTMLElement>(selector)?.focus(), { injector });
}
