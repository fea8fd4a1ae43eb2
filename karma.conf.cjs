// Karma for the popup, background and content projects: headless Debian Chromium, one parseable summary line.
// The dots reporter ends with "Executed N of M (K FAILED)" (or "SUCCESS"); scripts/test-all.ts reads it.
process.env.CHROME_BIN ??= '/usr/bin/chromium';

module.exports = (config) => {
  config.set({
    frameworks: ['jasmine'],
    plugins: [require('karma-jasmine'), require('karma-chrome-launcher')],
    client: { jasmine: { random: true }, clearContext: true },
    reporters: ['dots'],
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
