/** tel: links: which clicks ask to confirm their number (as E.164), and that everything else is left alone. */
import { createElement, pageFixture } from './testing/page-fixture';
import { useNumberingPlans } from '../../../shared/src/lib/phone/numbering-plan';
import { numberingPlanLine } from '../../../shared/src/lib/phone/numbering-plans';
import { interceptTelLinks } from './tel-links';

describe('interceptTelLinks', () => {
  let container: HTMLElement;
  let asked: string[];
  let stop: () => void;

  /** Whether the interceptor cancelled the click; the spec then cancels it anyway so Karma never navigates. */
  function click(target: Element, init: MouseEventInit = {}): boolean {
    let cancelledByInterceptor = false;
    const guard = (event: Event): void => {
      cancelledByInterceptor = event.defaultPrevented;
      event.preventDefault();
    };
    container.addEventListener('click', guard);
    target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, button: 0, ...init }));
    container.removeEventListener('click', guard);
    return cancelledByInterceptor;
  }

  beforeEach(() => {
    asked = [];
    container = pageFixture((root, element) =>
      root.append(
        element('a', { href: 'tel:+1-310-555-0142' }, element('span', {}, 'Call us')),
        element('a', { href: 'https://example.org/' }, 'Site'),
      ),
    );
    // Every click counts as the user's here: synthetic events are never isTrusted.
    stop = interceptTelLinks(
      window,
      'US',
      (e164) => asked.push(e164),
      () => true,
    );
  });

  afterEach(() => {
    stop();
    container.remove();
  });

  it('asks to confirm the E.164 number of a tel: link clicked anywhere inside it, and cancels the browser default', () => {
    expect(click(container.querySelector('span') as Element)).toBeTrue();
    expect(asked).toEqual(['+13105550142']);
  });

  it('also handles tel: links added after it started, read with the default country', () => {
    const link = createElement('a', { href: 'tel:747-555-0116' }, '747-555-0116');
    container.append(link);
    click(link);
    expect(asked).toEqual(['+17475550116']);
  });

  it('asks with the extension of a tel: URI (;ext=, RFC 3966), the number without it', () => {
    stop();
    const withExtensions: [string, string | undefined][] = [];
    stop = interceptTelLinks(
      window,
      'US',
      (e164, extension) => withExtensions.push([e164, extension]),
      () => true,
    );
    const link = createElement('a', { href: 'tel:+14805550100;ext=234' }, 'Front desk');
    container.append(link);
    click(link);
    click(container.querySelector('span') as Element);
    expect(withExtensions).toEqual([
      ['+14805550100', '234'],
      ['+13105550142', undefined],
    ]);
  });

  it('reads numbers without + with the country it was given', () => {
    stop();
    // The content script registers the plan that comes with its settings (content-script.ts).
    useNumberingPlans(numberingPlanLine('MX'));
    stop = interceptTelLinks(
      window,
      'MX',
      (e164) => asked.push(e164),
      () => true,
    );
    const link = createElement('a', { href: 'tel:55%201234%205678' }, 'Oficina');
    container.append(link);
    click(link);
    expect(asked).toEqual(['+525512345678']);
  });

  it('leaves a tel: link without one readable number to the browser', () => {
    const link = createElement('a', { href: 'tel:support' }, 'Support');
    container.append(link);
    expect(click(link)).toBeFalse();
    expect(asked).toEqual([]);
  });

  it('leaves other links, modified clicks and other buttons alone', () => {
    const tel = container.querySelector('a[href^="tel:"]') as Element;
    const cancelled = [
      click(container.querySelector('a[href^="https:"]') as Element),
      click(tel, { ctrlKey: true }),
      click(tel, { shiftKey: true }),
      click(tel, { button: 1 }),
    ];
    expect(cancelled).toEqual([false, false, false, false]);
    expect(asked).toEqual([]);
  });

  it('stops intercepting once stopped', () => {
    stop();
    expect(click(container.querySelector('span') as Element)).toBeFalse();
    expect(asked).toEqual([]);
  });

  it('by default ignores clicks a page script makes (not isTrusted)', () => {
    stop();
    stop = interceptTelLinks(window, 'US', (e164) => asked.push(e164));
    expect(click(container.querySelector('span') as Element)).toBeFalse();
    expect(asked).toEqual([]);
  });
});
