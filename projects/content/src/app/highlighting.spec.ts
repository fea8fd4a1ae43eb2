/** Clicking a marked number offers "Dial <number>"; only a click on that control dials; stray clicks never do. */
import { startHighlighting, type Highlighting } from './highlighting';
import { CONTROL_TAG } from './widgets/dial-control';
import { pageFixture, pointOn, waitFor } from './testing/page-fixture';

describe('highlighting', () => {
  let container: HTMLElement;
  let number: Text;
  let dialled: string[];
  let highlighting: Highlighting;
  let shadowRoots: ShadowRoot[];

  function click(target: EventTarget, point: { clientX: number; clientY: number }): void {
    target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, ...point }));
  }

  /** The control's button, reached through the closed shadow root the spy kept. */
  function controlButton(): HTMLButtonElement | null {
    const host = document.documentElement.querySelector(CONTROL_TAG);
    const root = shadowRoots.find((shadow) => shadow.host === host);
    return root?.querySelector('button') ?? null;
  }

  beforeEach(async () => {
    dialled = [];
    shadowRoots = [];
    const attachShadow = Element.prototype.attachShadow;
    spyOn(Element.prototype, 'attachShadow').and.callFake(function (this: Element, init: ShadowRootInit) {
      const root = attachShadow.call(this, init);
      shadowRoots.push(root);
      return root;
    });
    container = pageFixture((root, element) =>
      root.append(element('p', { style: 'font-size: 20px' }, 'Front desk: (310) 555-0142, open daily')),
    );
    number = container.querySelector('p')?.firstChild as Text;
    highlighting = startHighlighting(window, 'US', (e164) => dialled.push(e164), () => true);
    await waitFor(() => highlighting.scanner.idle, 'the first scan');
  });

  afterEach(() => {
    highlighting.stop();
    container.remove();
  });

  it('shows the control, in a closed shadow root, when a marked number is clicked', () => {
    click(number.parentElement as Element, pointOn(number, 12, 26));
    const host = document.documentElement.querySelector(CONTROL_TAG) as HTMLElement;
    expect(host.parentElement).toBe(document.documentElement);
    expect(host.shadowRoot).withContext('closed').toBeNull();
    expect(getComputedStyle(host).position).toBe('fixed');
    expect(controlButton()?.textContent).toBe('Dial (310) 555-0142');
    expect(dialled).toEqual([]);
  });

  it('dials the E.164 number when the control is clicked, then hides it', () => {
    click(number.parentElement as Element, pointOn(number, 12, 26));
    controlButton()?.click();
    expect(dialled).toEqual(['+13105550142']);
    expect(document.documentElement.querySelector(CONTROL_TAG)).toBeNull();
  });

  it('shows nothing for clicks next to a number', () => {
    click(number.parentElement as Element, pointOn(number, 0, 5));
    expect(document.documentElement.querySelector(CONTROL_TAG)).toBeNull();
  });

  it('hides the control without dialling on Escape or a click elsewhere', () => {
    click(number.parentElement as Element, pointOn(number, 12, 26));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(document.documentElement.querySelector(CONTROL_TAG)).toBeNull();

    click(number.parentElement as Element, pointOn(number, 12, 26));
    click(number.parentElement as Element, pointOn(number, 0, 5));
    expect(document.documentElement.querySelector(CONTROL_TAG)).toBeNull();
    expect(dialled).toEqual([]);
  });

  it('removes the control, its listeners and the marks when stopped', () => {
    click(number.parentElement as Element, pointOn(number, 12, 26));
    highlighting.stop();
    expect(document.documentElement.querySelector(CONTROL_TAG)).toBeNull();
    expect(CSS.highlights.has('voipcom-phone')).toBeFalse();
    click(number.parentElement as Element, pointOn(number, 12, 26));
    expect(document.documentElement.querySelector(CONTROL_TAG)).toBeNull();
  });
});

describe('highlighting with real-user checks', () => {
  it('never dials from a click a page script makes on the control', async () => {
    const dialled: string[] = [];
    const container = pageFixture((root, element) => root.append(element('p', {}, 'Call 747-555-0116 today')));
    const number = container.querySelector('p')?.firstChild as Text;
    const highlighting = startHighlighting(window, 'US', (e164) => dialled.push(e164));
    await waitFor(() => highlighting.scanner.idle, 'the first scan');
    // Synthetic clicks are not isTrusted: the default check refuses even to show the control.
    number.parentElement?.dispatchEvent(new MouseEvent('click', { bubbles: true, ...pointOn(number, 5, 17) }));
    expect(document.documentElement.querySelector(CONTROL_TAG)).toBeNull();
    expect(dialled).toEqual([]);
    highlighting.stop();
    container.remove();
  });
});
