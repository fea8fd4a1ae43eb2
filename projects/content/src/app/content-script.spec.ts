/** The content script against a fake background: quiet until told otherwise, stops cleanly, answers little. */
import { MessageType } from '@voipcom/shared';
import { numberingPlanLine } from '../../../shared/src/lib/phone/numbering-plans';
import { ContentScript } from './content-script';
import { FakeEdge } from './testing/fake-edge';
import { pageFixture, pointOn, waitFor } from './testing/page-fixture';

const US_PLAN = numberingPlanLine('US');
const SIGNED_IN = { interceptTelLinks: true, highlightNumbers: true, defaultCountry: 'US', numberingPlan: US_PLAN };
const SIGNED_OUT = { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'US', numberingPlan: US_PLAN };

describe('ContentScript', () => {
  let container: HTMLElement;
  let link: HTMLAnchorElement;
  let edge: FakeEdge;
  let script: ContentScript;

  /** Clicks the tel: link; true when the content script cancelled the browser's default. */
  function clickTelLink(): boolean {
    let cancelled = false;
    const guard = (event: Event): void => {
      cancelled = event.defaultPrevented;
      event.preventDefault();
    };
    container.addEventListener('click', guard);
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    container.removeEventListener('click', guard);
    return cancelled;
  }

  function highlighted(): number {
    return CSS.highlights.get('voipcom-phone')?.size ?? 0;
  }

  function settingsChanged(settings: object): void {
    edge.send({ type: MessageType.PageSettingsChanged, settings: settings });
  }

  /** Starts the content script; without `settings`, the background answers only when the spec calls edge.answer. */
  function start(settings?: typeof SIGNED_IN): Promise<void> {
    edge = new FakeEdge(settings);
    script = new ContentScript({ window, edge, acceptEvent: () => true });
    return script.start();
  }

  beforeEach(() => {
    container = pageFixture((root, element) =>
      root.append(element('a', { href: 'tel:+13105550142' }, 'Call'), element('p', {}, 'Office 646-555-0173')),
    );
    link = container.querySelector('a') as HTMLAnchorElement;
  });

  afterEach(() => {
    script.dispose();
    container.remove();
  });

  it('[policy: detect tel: links only where you choose to dial] asks the background for its settings once, and does nothing at all while signed out', async () => {
    await start(SIGNED_OUT);
    expect(edge.settingsRequests).toBe(1);
    expect(clickTelLink()).toBeFalse();
    expect(CSS.highlights.has('voipcom-phone')).toBeFalse();
    expect(edge.asks).toEqual([]);
  });

  it('only listens in the task that starts it: the settings are asked in a later task', async () => {
    const started = start(SIGNED_IN);
    expect(edge.listening).toBeTrue();
    expect(edge.settingsRequests).toBe(0);
    expect(script.activeHighlighting).toBeUndefined();
    await started;
    expect(edge.settingsRequests).toBe(1);
    expect(script.activeHighlighting).toBeDefined();
  });

  it('stays quiet when the background cannot answer', async () => {
    const started = start();
    edge.answer(undefined);
    await started;
    expect(clickTelLink()).toBeFalse();
  });

  it('when signed in, asks to confirm tel: links (never dials) and highlights numbers', async () => {
    await start(SIGNED_IN);
    expect(clickTelLink()).toBeTrue();
    expect(edge.asks).toEqual([{ number: '+13105550142', source: 'tel-link' }]);
    await waitFor(() => (script.activeHighlighting?.scanner.idle ?? false) && highlighted() > 0, 'highlights');
  });

  it('intercepts tel: links without highlighting when highlighting is off', async () => {
    await start({ ...SIGNED_IN, highlightNumbers: false });
    expect(clickTelLink()).toBeTrue();
    expect(script.activeHighlighting).toBeUndefined();
  });

  it('stops everything on sign-out, and on a paused site, by PageSettingsChanged', async () => {
    await start(SIGNED_IN);
    await waitFor(() => highlighted() > 0, 'highlights');
    settingsChanged(SIGNED_OUT);
    expect(clickTelLink()).toBeFalse();
    expect(CSS.highlights.has('voipcom-phone')).toBeFalse();

    settingsChanged(SIGNED_IN);
    expect(clickTelLink()).toBeTrue();
    settingsChanged({ ...SIGNED_IN, highlightNumbers: false });
    expect(CSS.highlights.has('voipcom-phone')).toBeFalse();
    expect(clickTelLink()).toBeTrue();
  });

  it('restarts highlighting when the default country changes', async () => {
    await start(SIGNED_IN);
    const first = script.activeHighlighting;
    settingsChanged({ ...SIGNED_IN, defaultCountry: 'GB', numberingPlan: numberingPlanLine('GB') });
    expect(script.activeHighlighting).not.toBe(first);
    expect(script.activeHighlighting).toBeDefined();
  });

  it("reads national numbers with the numbering plan that came with its settings (the script carries no region's table)", async () => {
    await start({ ...SIGNED_IN, defaultCountry: 'AR', numberingPlan: numberingPlanLine('AR') });
    link.href = 'tel:011%2015-2345-6789';
    expect(clickTelLink()).toBeTrue();
    // Buenos Aires mobile written with trunk 0 and the mobile 15: dialled as +54 9 11.
    expect(edge.asks).toEqual([{ number: '+5491123456789', source: 'tel-link' }]);
  });

  it('ignores malformed settings messages', async () => {
    await start(SIGNED_IN);
    settingsChanged({ interceptTelLinks: false });
    edge.send({ type: MessageType.PageSettingsChanged, settings: SIGNED_OUT, extra: 1 });
    expect(clickTelLink()).toBeTrue();
  });

  it('lets a settings change win over a late first answer', async () => {
    const started = start();
    settingsChanged(SIGNED_IN);
    edge.answer(SIGNED_OUT);
    await started;
    expect(clickTelLink()).toBeTrue();
  });

  describe('GetSelectedNumber', () => {
    function selectText(node: Node): void {
      // Only the focused frame answers; Karma runs the specs in a frame of its own page.
      window.focus();
      const range = document.createRange();
      range.selectNodeContents(node);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }

    afterEach(() => getSelection()?.removeAllRanges());

    it('[policy: no page data is ever sent] answers GetSelectedNumber with the E.164 number only, never the selected text', async () => {
      await start(SIGNED_IN);
      selectText(container.querySelector('p') as Node);
      expect(edge.send({ type: MessageType.GetSelectedNumber })).toEqual([{ number: '+16465550173' }]);
    });

    it('does not answer without a number in the selection, or while signed out', async () => {
      await start(SIGNED_IN);
      selectText(link);
      expect(edge.send({ type: MessageType.GetSelectedNumber })).toEqual([]);
      settingsChanged(SIGNED_OUT);
      selectText(container.querySelector('p') as Node);
      expect(edge.send({ type: MessageType.GetSelectedNumber })).toEqual([]);
    });
  });

  it('stops listening when disposed', async () => {
    await start(SIGNED_IN);
    script.dispose();
    expect(edge.listening).toBeFalse();
    expect(clickTelLink()).toBeFalse();
  });
});

describe('ContentScript listeners', () => {
  /** Where on* handler properties live; a setter there is how a script would listen without addEventListener. */
  const HANDLER_HOLDERS: object[] = [
    window,
    Window.prototype,
    Document.prototype,
    HTMLElement.prototype,
    Element.prototype,
    SVGElement.prototype,
  ];

  /**
   * Every event type the content script listens to on any target (EventTarget.prototype.addEventListener) or through
   * an on* property, over its whole working life on a page with numbers: start signed in, a full scan that highlights,
   * a click on a tel: link and on a highlighted number, a selection, keys typed on the page. Also what fired.
   */
  async function listenedTypes(): Promise<{ types: string[]; handlers: string[]; asks: number; highlights: number }> {
    const types: string[] = [];
    const handlers: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the real method, called with the spied `this`
    const add = EventTarget.prototype.addEventListener;
    spyOn(EventTarget.prototype, 'addEventListener').and.callFake(function (
      this: EventTarget,
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) {
      types.push(type);
      add.call(this, type, listener, options);
    });
    const restore: (() => void)[] = [];
    for (const holder of HANDLER_HOLDERS) {
      for (const name of Object.getOwnPropertyNames(holder).filter((key) => key.startsWith('on'))) {
        const descriptor = Object.getOwnPropertyDescriptor(holder, name);
        // eslint-disable-next-line @typescript-eslint/unbound-method -- the real setter, called with the page's `this`
        const set = descriptor?.set;
        if (descriptor === undefined || set === undefined || descriptor.configurable !== true) continue;
        Object.defineProperty(holder, name, {
          ...descriptor,
          set(this: object, value: unknown) {
            handlers.push(name);
            set.call(this, value);
          },
        });
        restore.push(() => Object.defineProperty(holder, name, descriptor));
      }
    }
    const container = pageFixture((root, element) =>
      root.append(
        element('a', { href: 'tel:+13105550142' }, 'Call'),
        element('p', {}, 'Office 646-555-0173'),
        element('input', { type: 'text' }),
      ),
    );
    const edge = new FakeEdge(SIGNED_IN);
    const script = new ContentScript({ window, edge, acceptEvent: () => true });
    try {
      await script.start();
      await waitFor(
        () => (script.activeHighlighting?.scanner.idle ?? false) && (CSS.highlights.get('voipcom-phone')?.size ?? 0) > 0,
        'highlights',
      );
      const highlights = CSS.highlights.get('voipcom-phone')?.size ?? 0;
      const link = container.querySelector('a') as HTMLAnchorElement;
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
      const text = (container.querySelector('p') as HTMLElement).firstChild as Text;
      const point = pointOn(text, 7, 19);
      document
        .elementFromPoint(point.clientX, point.clientY)
        ?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...point }));
      window.focus();
      const range = document.createRange();
      range.selectNodeContents(text);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      const input = container.querySelector('input') as HTMLInputElement;
      input.focus();
      for (const type of ['keydown', 'keypress', 'input', 'keyup'])
        input.dispatchEvent(new KeyboardEvent(type, { key: '5', bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { types: [...new Set(types)].sort(), handlers, asks: edge.asks.length, highlights };
    } finally {
      for (const undo of restore) undo();
      script.dispose();
      container.remove();
    }
  }

  it('[policy: we do not collect keystrokes outside the extension’s own input fields] over a scan, clicks, a selection and typing, listens on any target to clicks, its own focus and the selection only; no on* handler, no keyboard, input, clipboard or form listener', async () => {
    const { types, handlers, asks, highlights } = await listenedTypes();
    // The triggers fired: the scan highlighted the number and both clicks asked to confirm a dial.
    expect(highlights).toBeGreaterThan(0);
    expect(asks).toBe(2);
    expect(types).toEqual(['click', 'focus', 'selectionchange']);
    expect(handlers).toEqual([]);
  });
});
