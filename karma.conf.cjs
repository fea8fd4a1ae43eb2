// Karma for the popup, background and content projects: headless Debian Chromium. The dots reporter prints
// progress; with KARMA_RESULTS_FILE set, every spec's outcome is also written there as JSON for scripts/test-all.ts.
const fs = require('node:fs');
process.env.CHROME_BIN ??= '/usr/bin/chromium';

/** Collects { suite, description, success, skipped } per spec and writes them when the run completes. */
function JsonResultsReporter() {
  const specs = [];
  this.onSpecComplete = (_browser, result) => {
    specs.push({ suite: result.suite, description: result.description, success: result.success, skipped: result.skipped });
  };
  this.onRunComplete = () => {
    const file = process.env.KARMA_RESULTS_FILE;
    if (file) fs.writeFileSync(file, JSON.stringify(specs));
  };
}

module.exports = (config) => {
  config.set({
    frameworks: ['jasmine'],
    plugins: [require('karma-jasmine'), require('karma-chrome-launcher'), { 'reporter:json-results': ['type', JsonResultsReporter] }],
    client: { jasmine: { random: true }, clearContext: true },
    reporters: ['dots', 'json-results'],
    // No colours or carriage-return redraws: the log stays line-oriented and easy to parse.
    colors: false,
    browsers: ['ChromeHeadlessNoSandbox'],
    customLaunchers: {
      ChromeHeadlessNoSandbox: {
        base: 'ChromeHeadless',
        flags: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      },
    },
    singleRun: true,
    browserNoActivityTimeout: 60000,
    restartOnFileChange: false,
  });
};
