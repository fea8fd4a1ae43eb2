/** The one floating "Dial <number>" control: a closed shadow root on a fixed-position host, present only while shown. */

/** The host's tag name: unknown to pages, excluded from scanning (eligible-text.ts). */
export const CONTROL_TAG = 'voipcom-dial-control';
const GAP_PX = 6;
const MARGIN_PX = 4;
const MAX_LABEL = 40;
const CONTROL_STYLE = `
  button {
    all: initial; box-sizing: border-box; display: inline-block; padding: 6px 12px; border-radius: 6px;
    background: rgb(0, 120, 212); color: #fff; font: 600 13px/1.3 system-ui, sans-serif; cursor: pointer;
    box-shadow: 0 2px 8px rgba(0, 0, 0, 0.3); white-space: nowrap;
  }
  button:hover { background: rgb(0, 99, 177); }
  button:focus-visible { outline: 2px solid rgb(0, 120, 212); outline-offset: 2px; }
`;

/** Placed at 0,0 and invisible until measured: a fixed host never moves page content. */
const HOST_STYLE: readonly (readonly [string, string])[] = [
  ['all', 'initial'], ['position', 'fixed'], ['z-index', '2147483647'], ['left', '0'], ['top', '0'],
  ['display', 'block'], ['visibility', 'hidden'],
];

export class DialControl {
  private host: HTMLElement | undefined;
  private readonly sheet = new CSSStyleSheet();

  /** `acceptEvent` decides which clicks on the control count: by default only real user clicks. */
  constructor(
    private readonly document: Document,
    private readonly acceptEvent: (event: Event) => boolean = (event) => event.isTrusted,
  ) {
    this.sheet.replaceSync(CONTROL_STYLE);
  }

  get shown(): boolean {
    return this.host !== undefined;
  }

  /** Shows "Dial <label>" next to `anchor` (viewport coordinates); only a click on it calls `onDial`. */
  show(anchor: DOMRect, label: string, onDial: () => void): void {
    this.hide();
    const host = this.document.createElement(CONTROL_TAG);
    // Inline styles through the CSSOM (allowed under any page CSP), !important against page rules for any tag.
    HOST_STYLE.forEach(([property, value]) => host.style.setProperty(property, value, 'important'));
    const root = host.attachShadow({ mode: 'closed' });
    root.adoptedStyleSheets = [this.sheet];
    const button = this.document.createElement('button');
    button.type = 'button';
    button.textContent = `Dial ${label.replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL)}`;
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      if (!this.acceptEvent(event)) return;
      this.hide();
      onDial();
    });
    root.append(button);
    this.document.documentElement.append(host);
    this.host = host;
    this.place(host, anchor);
  }

  hide(): void {
    this.host?.remove();
    this.host = undefined;
  }

  /** Whether an event happened on the control (so the page click handler leaves it alone). */
  contains(event: Event): boolean {
    return this.host !== undefined && event.composedPath().includes(this.host);
  }

  /** Below the number, or above it when there is no room; always inside the viewport. */
  private place(host: HTMLElement, anchor: DOMRect): void {
    const view = this.document.documentElement;
    const { width, height } = host.getBoundingClientRect();
    const below = anchor.bottom + GAP_PX;
    const top = below + height + MARGIN_PX <= view.clientHeight ? below : anchor.top - GAP_PX - height;
    const left = Math.min(Math.max(MARGIN_PX, anchor.left), view.clientWidth - width - MARGIN_PX);
    host.style.setProperty('left', `${Math.max(MARGIN_PX, left)}px`, 'important');
    host.style.setProperty('top', `${Math.max(MARGIN_PX, top)}px`, 'important');
    host.style.setProperty('visibility', 'visible', 'important');
  }
}
