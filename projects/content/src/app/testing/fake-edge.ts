/** A scripted stand-in for chrome.runtime in specs: records requests, replays config, delivers messages. */
import type { ContentConfig, PageDialSource } from '@voipcom/shared';
import type { ContentEdge, ExtensionMessageListener } from '../content-edge';

export class FakeEdge implements ContentEdge {
  /** Numbers the content script asked the background to confirm. */
  readonly asks: { number: string; source: PageDialSource }[] = [];
  readonly selectionReports: (string | null)[] = [];
  configRequests = 0;
  private readonly listeners = new Set<ExtensionMessageListener>();
  private answerConfig: (config: ContentConfig | undefined) => void = () => undefined;
  private readonly configAnswer: Promise<ContentConfig | undefined>;

  /** With a config, getConfig answers it at once; without, it waits until `answer` is called. */
  constructor(config?: ContentConfig) {
    this.configAnswer =
      config === undefined ? new Promise((resolve) => (this.answerConfig = resolve)) : Promise.resolve(config);
  }

  /** What the background finally says to a deferred getConfig. */
  answer(config: ContentConfig | undefined): void {
    this.answerConfig(config);
  }

  getConfig(): Promise<ContentConfig | undefined> {
    this.configRequests++;
    return this.configAnswer;
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
