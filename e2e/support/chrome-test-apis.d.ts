/** chrome.* members that only the tests use: reading the badge, and firing a registered listener by hand. */
declare namespace chrome {
  namespace action {
    function getBadgeText(details: { tabId?: number }): Promise<string>;
  }
  namespace events {
    interface Event<T extends (...args: never[]) => unknown> {
      /** Chromium's internal way to fire an event's listeners, used where headless Chromium has no UI to click. */
      dispatch(...args: Parameters<T>): void;
    }
  }
}
