// Prettier formats the tree (`npm run format`; `npm test` runs its check). The options keep the code's own style:
// 2 spaces, single quotes, trailing commas. printWidth 140: the code was written to about that width (under 2% of its
// lines are longer), and it gave a far smaller first diff than 120 (11,000 changed lines against 14,600).
/** @type {import('prettier').Config} */
export default {
  singleQuote: true,
  printWidth: 140,
  // Angular's inline `template:` strings stay as written: whitespace inside them is part of the built templates (and
  // of the popup's byte budget), so Prettier must not reflow them.
  embeddedLanguageFormatting: 'off',
};
