/** chrome.* members that only the tests use and chrome-types does not declare: firing a registered listener by hand. */
declare namespace chrome {
  namespace events {
    // The type parameters repeat chrome-types' own declaration of Event, which an augmentation must match.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars -- as chrome-types declares them
    interface Event<H extends (...args: any) => void, C = void, A = void> {
      /** Chromium's internal way to fire an event's listeners, used where headless Chromium has no UI to click. */
      dispatch(...args: Parameters<H>): void;
    }
  }
}
