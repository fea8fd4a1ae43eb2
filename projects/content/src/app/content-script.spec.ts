/** The content script against a fake background: quiet until told otherwise, stops cleanly, answers little. */
import { MessageType } from '@voipcom/shared';
import { ContentScript } from './content-script';
import { FakeEdge } from './testing/fake-edge';
import { pageFixture, waitFor } from './testing/page-fixture';

const SIGNED_IN = { interceptTelLinks: true, highlightNumbers: true, defaultCountry: 'US' };
const SIGNED_OUT = { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'US' };

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
    settingsChanged({ ...SIGNED_IN, defaultCountry: 'GB' });
    expect(script.activeHighlighting).not.toBe(first);
    expect(script.activeHighlighting).toBeDefined();
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
  /** Event types the content script adds on window and document while active, found by watching addEventListener. */
  async function listenedTypes(): Promise<string[]> {
    const types: string[] = [];
    for (const target of [window, document] as EventTarget[]) {
      const add = target.addEventListener.bind(target);
      spyOn(target, 'addEventListener').and.callFake((type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) => {
        types.push(type);
        add(type, listener, options);
      });
    }
    const script = new ContentScript({ window, edge: new FakeEdge({ interceptTelLinks: true, highlightNumbers: true, defaultCountry: 'US' }) });
    await script.start();
    script.dispose();
    return [...new Set(types)].sort();
  }

  it('[policy: we do not collect keystrokes outside the extension’s own input fields] listens to clicks, its own focus and the selection only: no keyboard, input, clipboard or form listener', async () => {
    const types = await listenedTypes();
    expect(types).toEqual(['click', 'focus', 'selectionchange']);
  });
});
