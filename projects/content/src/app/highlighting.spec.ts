/** Clicking a marked number asks to confirm it (the background opens the window); stray or hidden clicks never do. */
import { startHighlighting, type Highlighting } from './highlighting';
import { pageFixture, pointOn, waitFor } from './testing/page-fixture';

describe('highlighting', () => {
  let container: HTMLElement;
  let number: Text;
  let asked: string[];
  let highlighting: Highlighting;

  function click(target: EventTarget, point: { clientX: number; clientY: number }): void {
    target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, ...point }));
  }

  beforeEach(async () => {
    asked = [];
    container = pageFixture((root, element) =>
      root.append(element('p', { style: 'font-size: 20px' }, 'Front desk: (310) 555-0142, open daily')),
    );
    number = container.querySelector('p')?.firstChild as Text;
    highlighting = startHighlighting(
      window,
      'US',
      (e164) => asked.push(e164),
      () => true,
    );
    await waitFor(() => highlighting.scanner.idle, 'the first scan');
  });

  afterEach(() => {
    highlighting.stop();
    container.remove();
  });

  it('asks to confirm the E.164 number when a marked number is clicked, and adds nothing to the page', () => {
    const before = document.documentElement.outerHTML;
    click(number.parentElement as Element, pointOn(number, 12, 26));
    expect(asked).toEqual(['+13105550142']);
    expect(document.documentElement.outerHTML).toBe(before);
  });

  it('asks nothing for clicks next to a number', () => {
    click(number.parentElement as Element, pointOn(number, 0, 5));
    expect(asked).toEqual([]);
  });

  it('asks nothing when something covers the number, even something transparent', () => {
    const point = pointOn(number, 12, 26);
    const cover = document.createElement('div');
    cover.style.cssText = 'position: fixed; inset: 0; opacity: 0; z-index: 2147483647';
    document.body.append(cover);
    click(cover, point);
    cover.remove();
    expect(asked).toEqual([]);
  });

  it('asks nothing when the page made the number invisible after the scan', () => {
    const point = pointOn(number, 12, 26);
    (number.parentElement as HTMLElement).style.color = 'transparent';
    click(number.parentElement as Element, point);
    expect(asked).toEqual([]);
  });

  it('removes its listener and the marks when stopped', () => {
    highlighting.stop();
    expect(CSS.highlights.has('voipcom-phone')).toBeFalse();
    click(number.parentElement as Element, pointOn(number, 12, 26));
    expect(asked).toEqual([]);
  });
});

describe('highlighting with real-user checks', () => {
  it('never asks from a click a page script makes', async () => {
    const asked: string[] = [];
    const container = pageFixture((root, element) => root.append(element('p', {}, 'Call 747-555-0116 today')));
    const number = container.querySelector('p')?.firstChild as Text;
    const highlighting = startHighlighting(window, 'US', (e164) => asked.push(e164));
    await waitFor(() => highlighting.scanner.idle, 'the first scan');
    // Synthetic clicks are not isTrusted: the default check refuses them.
    number.parentElement?.dispatchEvent(new MouseEvent('click', { bubbles: true, ...pointOn(number, 5, 17) }));
    expect(asked).toEqual([]);
    highlighting.stop();
    container.remove();
  });
});
