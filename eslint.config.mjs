// ESLint for all the TypeScript the project owns: typescript-eslint's type-checked rules everywhere, angular-eslint
// for the three Angular projects (their TypeScript and their inline templates), and the architecture's rules
// (CONVENTIONS.md; issue 24, "lint that keeps the architecture") as import and syntax restrictions.
// Formatting is Prettier's (prettier.config.mjs); eslint-config-prettier turns off the rules that would fight it.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import angular from 'angular-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Files that only tests load: Karma specs, Jest tests, and the fakes and fixtures beside them. */
const TEST_FILES = ['**/*.spec.ts', '**/*.test.ts', '**/testing/**'];

/**
 * The runtime parts never import each other (issue 24): each is its own bundle in its own JavaScript world (the
 * popup page, the background's service worker, the content script in web pages, the Worker in workerd), so an import
 * across them would copy one part's code and state into another. Shared code lives in projects/shared (the contract,
 * the phone detector) and projects/extension (the chrome adapter, the text catalogue), which every extension part
 * may import.
 */
function notImporting(parts, why) {
  return parts.map((part) => ({ regex: `(^|/)${part}(/|$)`, message: why }));
}
const APP_PARTS = {
  popup: 'popup/src',
  background: 'background/src',
  content: 'content/src',
};
const OUTSIDE_THE_EXTENSION = ['worker', 'simulator', 'e2e', 'scripts', 'bench'];
const partBoundary = (part) =>
  notImporting(
    [
      ...Object.entries(APP_PARTS)
        .filter(([name]) => name !== part)
        .map(([, folder]) => folder),
      ...OUTSIDE_THE_EXTENSION,
    ],
    `The ${part} never imports another part of the product (popup, background, content script, Worker): share code through projects/shared or projects/extension (CONVENTIONS.md, issue 24).`,
  );

/**
 * The popup and the content script carry no zod (bundle budgets, CONVENTIONS.md "Zod"): from `@voipcom/shared`'s
 * entry, and from the shared modules that build schemas, they take types only. Values come from the zod-free modules
 * by path (contract/message-type.ts, patterns.ts, site-list.ts, result/result.ts, phone/*). Tests and their fakes run
 * in Karma, not in a bundle, so they may import values.
 */
const TYPES_ONLY_FROM_ZOD = {
  paths: [
    {
      name: '@voipcom/shared',
      allowTypeImports: true,
      message:
        "Types only from @voipcom/shared here: its entry pulls zod into the bundle. Import a value from its zod-free module by path (CONVENTIONS.md, 'Zod').",
    },
  ],
  patterns: [
    {
      regex: '^zod(/|$)',
      allowTypeImports: true,
      message: "The popup and the content script carry no zod (bundle budgets; CONVENTIONS.md, 'Zod').",
    },
    {
      regex: '(^|/)shared/src/(public-api|lib/contract/(http-api|iso-dates|managed-policy|messages)|lib/validation/parse-text)$',
      allowTypeImports: true,
      message: "This shared module builds zod schemas: types only here. Values come from the zod-free modules (CONVENTIONS.md, 'Zod').",
    },
  ],
};

/** `no-restricted-imports` options: a part's boundary, and for bundled popup/content code the zod rule too. */
function restrictedImports(patterns, zod = false) {
  return ['error', zod ? { paths: TYPES_ONLY_FROM_ZOD.paths, patterns: [...patterns, ...TYPES_ONLY_FROM_ZOD.patterns] } : { patterns }];
}

/**
 * `sender.*` is read only in the sender policy (issue 24; CONVENTIONS.md "every message handler checks its
 * sender"): which sender fields are trusted is decided in one place, so no handler trusts a field the policy did not
 * check. The background's policy is background/src/app/sender-policy.ts; the content script's is content-edge.ts
 * (it accepts messages from its own extension only).
 */
const NO_SENDER_READS = [
  {
    selector: 'MemberExpression[object.name="sender"]',
    message: 'Read sender.* only in the sender policy (background/src/app/sender-policy.ts), issue 24.',
  },
  {
    selector: 'VariableDeclarator[init.name="sender"] > ObjectPattern',
    message: 'Read sender.* only in the sender policy (background/src/app/sender-policy.ts), issue 24.',
  },
  {
    selector: 'ObjectPattern[typeAnnotation.typeAnnotation.typeName.right.name="MessageSender"]',
    message: 'Read sender.* only in the sender policy (background/src/app/sender-policy.ts), issue 24.',
  },
];

/** The content script never writes HTML strings into a page (CONVENTIONS.md "Extension"; SECURITY.md). */
const NO_HTML_STRINGS = [
  {
    selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
    message: 'The content script never writes HTML strings: build nodes with createElement/textContent (CONVENTIONS.md).',
  },
  {
    selector: 'MemberExpression[property.value=/^(innerHTML|outerHTML)$/]',
    message: 'The content script never writes HTML strings: build nodes with createElement/textContent (CONVENTIONS.md).',
  },
  {
    selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|setHTMLUnsafe|createContextualFragment|write|writeln)$/]',
    message: 'The content script never writes HTML strings: build nodes with createElement/textContent (CONVENTIONS.md).',
  },
];

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'out-tsc/', '.angular/', '.wrangler/', 'test-results/', 'bench-results/', 'release/'],
  },
  // Written by `npm run types:worker` (wrangler types), checked by a worker test against what wrangler writes.
  { ignores: ['worker/worker-configuration.d.ts'] },

  // Plain JavaScript: the Karma config (CommonJS, Node) and this file.
  {
    files: ['**/*.cjs', '**/*.mjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { globals: globals.node },
  },

  // All TypeScript, type-checked. Each area is checked with the tsconfig its own compiler uses (the Angular
  // projects' spec configs include their app code and tests; Jest's config the rest), so the types lint sees are
  // the ones the build sees; one program would mix jasmine's and jest's globals.
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Type-only imports are written `import type` (CONVENTIONS.md's zod rule depends on seeing them).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Off: an `async` function that implements a Promise-returning interface without awaiting (a route's `handle`,
      // the simulator's handlers, the fakes of chrome's async APIs) turns its throws into rejections, as callers
      // expect; dropping `async` to please this rule would change that behaviour.
      '@typescript-eslint/require-await': 'off',
      // `_`-prefixed parameters are a callback's unused positions (a listener's `_sender`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['projects/popup/**/*.ts', 'projects/extension/**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['projects/popup/tsconfig.spec.json', 'projects/background/tsconfig.spec.json'] },
    },
  },
  { files: ['projects/background/**/*.ts'], languageOptions: { parserOptions: { project: 'projects/background/tsconfig.spec.json' } } },
  { files: ['projects/content/**/*.ts'], languageOptions: { parserOptions: { project: 'projects/content/tsconfig.spec.json' } } },
  { files: ['worker/src/**/*.ts'], languageOptions: { parserOptions: { project: 'worker/tsconfig.json' } } },
  {
    files: [
      'projects/shared/**/*.ts',
      'worker/test/**/*.ts',
      'simulator/**/*.ts',
      'e2e/**/*.ts',
      'tools/**/*.ts',
      'scripts/**/*.ts',
      'bench/*.ts',
      '*.ts',
    ],
    languageOptions: { parserOptions: { project: 'tsconfig.jest.json' }, globals: globals.node },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      // Off in Jest tests: @types/jest types the asymmetric matchers (expect.any, expect.stringContaining) as `any`,
      // and they are written inside expected objects; every such "unsafe" value is a matcher, not data.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['bench/fixtures/hello-popup/**/*.ts'],
    languageOptions: { parserOptions: { project: 'bench/fixtures/hello-popup/tsconfig.app.json' } },
  },

  // Angular: the TypeScript rules for the three projects, and the template rules for their inline templates
  // (extracted by the processor) and HTML files.
  {
    files: ['projects/{popup,background,content}/**/*.ts', 'bench/fixtures/hello-popup/**/*.ts'],
    extends: [angular.configs.tsRecommended],
    processor: angular.createProcessor(),
    rules: {
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'vc', style: 'kebab-case' }],
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'vc', style: 'camelCase' }],
    },
  },
  {
    files: ['**/*.html'],
    extends: [angular.configs.templateRecommended, angular.configs.templateAccessibility],
  },

  // Architecture: the parts do not import each other.
  { files: ['projects/popup/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': restrictedImports(partBoundary('popup')) } },
  {
    files: ['projects/content/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrictedImports(partBoundary('content')) },
  },
  {
    files: ['projects/background/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrictedImports(partBoundary('background')) },
  },
  // The popup's and the content script's bundled code: the boundary, and types only from zod's side of shared.
  {
    files: ['projects/popup/**/*.ts'],
    ignores: TEST_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': restrictedImports(partBoundary('popup'), true) },
  },
  {
    files: ['projects/content/**/*.ts'],
    ignores: TEST_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': restrictedImports(partBoundary('content'), true) },
  },
  {
    files: ['projects/extension/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictedImports(
        notImporting(
          [...Object.values(APP_PARTS), ...OUTSIDE_THE_EXTENSION],
          'Shared extension code imports no part of the product (issue 24).',
        ),
      ),
    },
  },
  {
    files: ['projects/shared/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictedImports(
        notImporting(
          ['popup', 'background', 'content', 'extension', ...OUTSIDE_THE_EXTENSION],
          'The shared library imports no part of the product (issue 24).',
        ),
      ),
    },
  },
  {
    files: ['worker/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictedImports(
        notImporting(
          ['projects/popup', 'projects/background', 'projects/content', 'projects/extension', 'simulator', 'e2e', 'scripts', 'bench'],
          'The Worker imports no part of the extension (issue 24); the contract comes from @voipcom/shared.',
        ),
      ),
    },
  },

  // Architecture: sender.* only in the sender policies; no HTML strings in the content script.
  {
    files: ['projects/**/*.ts'],
    ignores: [...TEST_FILES, 'projects/background/src/app/sender-policy.ts', 'projects/content/src/app/content-edge.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_SENDER_READS] },
  },
  {
    files: ['projects/content/**/*.ts'],
    ignores: [...TEST_FILES, 'projects/content/src/app/content-edge.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_SENDER_READS, ...NO_HTML_STRINGS] },
  },
  {
    files: ['projects/content/src/app/content-edge.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_HTML_STRINGS] },
  },

  prettier,
);
