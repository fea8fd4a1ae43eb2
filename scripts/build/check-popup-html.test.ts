import { findInlineScriptProblems } from './check-popup-html';

describe('findInlineScriptProblems', () => {
  test('accepts external module scripts and plain markup', () => {
    expect(
      findInlineScriptProblems(
        '<head><link rel="stylesheet" href="styles.css"></head><body><vc-root></vc-root><script src="main.js" type="module"></script></body>',
      ),
    ).toEqual([]);
  });

  test('finds an inline script, an external script with a body, and event-handler attributes', () => {
    const problems = findInlineScriptProblems(
      '<script>alert(1)</script><script src="a.js">x()</script><img src="x" onerror="go()"><body onload = "start()">',
    );
    expect(problems).toHaveLength(4);
    expect(problems.filter((problem) => problem.startsWith('inline script'))).toHaveLength(2);
    expect(problems).toContain('event-handler attribute onerror');
    expect(problems).toContain('event-handler attribute onload');
  });
});
