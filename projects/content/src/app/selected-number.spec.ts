/** The selection's number: only from the focused frame, only when the user can see what is selected. */
import { reportSelectedNumbers } from './observers/selection-reports';
import { selectedNumber } from './selected-number';
import { pageFixture, waitFor } from './testing/page-fixture';

describe('selectedNumber', () => {
  let container: HTMLElement;

  function select(node: Node, view: Window = window): void {
    view.focus();
    const range = view.document.createRange();
    range.selectNodeContents(node);
    view.getSelection()?.removeAllRanges();
    view.getSelection()?.addRange(range);
  }

  afterEach(() => {
    getSelection()?.removeAllRanges();
    container.remove();
  });

  it('reads the first number of a visible selection in the focused frame', () => {
    container = pageFixture((root, element) => root.append(element('p', {}, 'Desk (646) 555-0173 or 212-555-0100')));
    select(container.querySelector('p') as Node);
    expect(selectedNumber(window, 'US')).toEqual({ number: '+16465550173' });
  });

  it('reads the extension written after the selected number with it', () => {
    container = pageFixture((root, element) => root.append(element('p', {}, 'Sales: (480) 555-0100 ext. 234')));
    select(container.querySelector('p') as Node);
    expect(selectedNumber(window, 'US')).toEqual({ number: '+14805550100', extension: '234' });
  });

  it('refuses a selection whose number the user cannot see', () => {
    container = pageFixture((root, element) =>
      root.append(element('p', {}, 'Desk ', element('span', { style: 'color: transparent' }, '+1 900 555 0123'))),
    );
    select(container.querySelector('p') as Node);
    expect(selectedNumber(window, 'US')).toBeUndefined();
  });

  it('refuses the selection of a frame too small to read, even when it has the focus', async () => {
    container = pageFixture((root, element) => root.append(element('iframe', { style: 'width: 2px; height: 2px; border: 0' })));
    const frame = container.querySelector('iframe') as HTMLIFrameElement;
    const view = frame.contentWindow as Window;
    view.document.body.textContent = 'Call +1 900 555 0123';
    select(view.document.body, view);
    expect(selectedNumber(view, 'US')).toBeUndefined();
  });

  it('a parent frame does not answer while one of its frames holds the focus', () => {
    container = pageFixture((root, element) =>
      root.append(element('p', {}, 'Desk (646) 555-0173'), element('iframe', { style: 'width: 300px; height: 100px' })),
    );
    select(container.querySelector('p') as Node);
    (container.querySelector('iframe') as HTMLIFrameElement).focus();
    expect(selectedNumber(window, 'US')).toBeUndefined();
  });
});

describe('reportSelectedNumbers', () => {
  it('reports the number once the selection settles, never the text', async () => {
    const container = pageFixture((root, element) => root.append(element('p', {}, 'Desk (646) 555-0173, ask for Jo')));
    const reports: (string | null)[] = [];
    const stop = reportSelectedNumbers(window, 'US', (number) => reports.push(number));
    window.focus();
    getSelection()?.selectAllChildren(container.querySelector('p') as Node);
    await waitFor(() => reports.length > 0, 'a report');
    expect(reports).toEqual(['+16465550173']);
    getSelection()?.removeAllRanges();
    await waitFor(() => reports.length > 1, 'a second report');
    expect(reports).toEqual(['+16465550173', null]);
    stop();
    container.remove();
  });

  it('says nothing again while the selection reads the same (a caret moving in text), and again after regaining the focus', async () => {
    const container = pageFixture((root, element) => root.append(element('p', {}, 'no number here'), element('p', {}, 'nor here')));
    const [first, second] = [...container.querySelectorAll('p')];
    const reports: (string | null)[] = [];
    const stop = reportSelectedNumbers(window, 'US', (number) => reports.push(number));
    window.focus();
    getSelection()?.selectAllChildren(first);
    await waitFor(() => reports.length > 0, 'a report');
    getSelection()?.selectAllChildren(second);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reports).toEqual([null]);
    window.dispatchEvent(new FocusEvent('focus'));
    getSelection()?.selectAllChildren(first);
    await waitFor(() => reports.length > 1, 'the report after the focus came back');
    expect(reports).toEqual([null, null]);
    stop();
    getSelection()?.removeAllRanges();
    container.remove();
  });
});
