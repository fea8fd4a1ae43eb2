/** A scripted stand-in for chrome.runtime in specs: records requests, replays settings, delivers messages. */
import type { PageSettings, PageDialSource } from '@voipcom/shared';
import type { ContentEdge, ExtensionMessageListener } from '../content-edge';

export class FakeEdge implements ContentEdge {
  /** Numbers the content script asked the background to confirm. */
  readonly asks: { number: string; source: PageDialSource }[] = [];
  readonly selectionReports: (string | null)[] = [];
  settingsRequests = 0;
  private readonly listeners = new Set<ExtensionMessageListener>();
  private answerSettings: (settings: PageSettings | undefined) => void = () => undefined;
  private readonly settingsAnswer: Promise<PageSettings | undefined>;

  /** With a settings, getSettings answers it at once; without, it waits until `answer` is called. */
  constructor(settings?: PageSettings) {
    this.settingsAnswer = settings === undefined ? new Promise((resolve) => (this.answerSettings = resolve)) : Promise.resolve(settings);
  }

  /** What the background finally says to a deferred getSettings. */
  answer(settings: PageSettings | undefined): void {
    this.answerSettings(settings);
  }

  getSettings(): Promise<PageSettings | undefined> {
    this.settingsRequests++;
    return this.settingsAnswer;
  }

  listen(listener: ExtensionMessageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  askToDial(number: string, source: PageDialSource): void {
    this.asks.push({ number, source });
  }

  reportSelection(number: string | null): void {
    this.selectionReports.push(number);
  }

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  /** Delivers a message from the background; resolves with the replies given (none when nobody answered). */
  send(message: unknown): unknown[] {
    const replies: unknown[] = [];
    this.listeners.forEach((listener) => listener(message, (response) => replies.push(response)));
    return replies;
  }
}
