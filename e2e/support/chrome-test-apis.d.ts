/** chrome.* members that only the tests use: reading the badge and the manifest, and firing a registered listener by hand. */
declare namespace chrome {
  namespace action {
    function getBadgeText(details: { tabId?: number }): Promise<string>;
    function getTitle(details: { tabId?: number }): Promise<string>;
  }
  namespace runtime {
    /** The manifest as Chrome loaded it (messages resolved), for the release tests. */
    function getManifest(): Record<string, unknown>;
  }
  namespace events {
    interface Event<T extends (...args: never[]) => unknown> {
      /** Chromium's internal way to fire an event's listeners, used where headless Chromium has no UI to click. */
      dispatch(...args: Parameters<T>): void;
    }
  }
}
