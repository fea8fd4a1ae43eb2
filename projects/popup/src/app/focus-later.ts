/** Moving keyboard focus to an element that the state just set shows or enables (the passcode field, an armed button). */
import { ChangeDetectorRef, ElementRef, inject } from '@angular/core';

/**
 * Call in a component's field initialiser; the function it returns renders the component now and focuses its
 * element matching `selector`. Rendering synchronously (detectChanges) rather than waiting with afterNextRender
 * (about 2.7 KB of the popup bundle) or a viewChild signal query (about 10 KB); both would only wait for the same render.
 */
export function focusLater(): (selector: string) => void {
  const host: HTMLElement = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  const view = inject(ChangeDetectorRef);
  return (selector) => {
    view.detectChanges();
    host.querySelector<HTMLElement>(selector)?.focus();
  };
}
