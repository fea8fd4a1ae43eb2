/** tel: links: which clicks are dialled through the extension, and that everything else is left alone. */
import { createElement, pageFixture } from './testing/page-fixture';
import { interceptTelLinks, telDestination } from './tel-links';

describe('telDestination', () => {
  it('decodes the number and drops parameters', () => {
    expect(telDestination('tel:+1-310-555-0142')).toBe('+1-310-555-0142');
    expect(telDestination('tel:%2B44%2020%207946%200123')).toBe('+44 20 7946 0123');
    expect(telDestination('TEL:3105550142;ext=12')).toBe('3105550142');
    expect(telDestination('tel:+13105550142?call')).toBe('+13105550142');
  });

  it('refuses what is not a dialable tel: URL', () => {
    expect(telDestination('https://example.org/tel:3105550142')).toBeUndefined();
    expect(telDestination('tel:')).toBeUndefined();
    expect(telDestination('tel:support')).toBeUndefined();
    expect(telDestination('tel:%E0%A4%A')).toBeUndefined();
    expect(telDestination(`tel:${'1'.repeat(65)}`)).toBeUndefined();
  });
});

describe('interceptTelLinks', () => {
  let container: HTMLElement;
  let dialled: string[];
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
    dialled = [];
    container = pageFixture((root, element) =>
      root.append(
        element('a', { href: 'tel:+1-310-555-0142' }, element('span', {}, 'Call us')),
        element('a', { href: 'https://example.org/' }, 'Site'),
      ),
    );
    // Every click counts as the user's here: synthetic events are never isTrusted.
    stop = interceptTelLinks(window, (destination) => dialled.push(destination), () => true);
  });

  afterEach(() => {
    stop();
    container.remove();
  });

  it('dials a tel: link clicked anywhere inside it and cancels the browser default', () => {
    expect(click(container.querySelector('span') as Element)).toBeTrue();
    expect(dialled).toEqual(['+1-310-555-0142']);
  });

  it('also dials tel: links added after it started', () => {
    const link = createElement('a', { href: 'tel:7475550116' }, '747-555-0116');
    container.append(link);
    click(link);
    expect(dialled).toEqual(['7475550116']);
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
    expect(dialled).toEqual([]);
  });

  it('stops intercepting once stopped', () => {
    stop();
    expect(click(container.querySelector('span') as Element)).toBeFalse();
    expect(dialled).toEqual([]);
  });

  it('by default ignores clicks a page script makes (not isTrusted)', () => {
    stop();
    stop = interceptTelLinks(window, (destination) => dialled.push(destination));
    expect(click(container.querySelector('span') as Element)).toBeFalse();
    expect(dialled).toEqual([]);
  });
});
