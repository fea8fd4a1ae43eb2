/** Content script entry (placeholder until the scanner lands): intentionally does nothing yet. */
(() => {
  // Wrapped in a function: this file is built as a classic script, whose top-level names become globals.
})();
