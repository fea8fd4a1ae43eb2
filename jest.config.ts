/** Jest for the shared library, the NetSapiens simulator, the Worker (in workerd), the e2e suite and the Firefox suite. */
import type { Config } from 'jest';

const tsJest: Config['transform'] = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
};
const moduleNameMapper = { '^@voipcom/shared$': '<rootDir>/projects/shared/src/public-api.ts' };
const common = {
  rootDir: '.',
  transform: tsJest,
  moduleNameMapper,
  testEnvironment: '<rootDir>/tools/jest/node-environment.ts',
};

const config: Config = {
  projects: [
    { ...common, displayName: 'shared', testMatch: ['<rootDir>/projects/shared/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts'] },
    { ...common, displayName: 'simulator', testMatch: ['<rootDir>/simulator/**/*.test.ts'] },
    { ...common, displayName: 'worker', testMatch: ['<rootDir>/worker/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/e2e/**/*.e2e.ts'] },
    // Firefox ESR with the Firefox package, driven by puppeteer-core over WebDriver BiDi.
    { ...common, displayName: 'firefox', testMatch: ['<rootDir>/e2e/firefox/**/*.firefox.ts'] },
  ],
};
export default config;
