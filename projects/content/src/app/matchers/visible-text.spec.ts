/** Which text counts as visible: the tricks a hostile page uses to plant a number where the user will click. */
import { pageFixture } from '../testing/page-fixture';
import { isVisibleText, visibleTextSteps } from './visible-text';

describe('isVisibleText', () => {
  const visibility = (style: string, wrapper = ''): boolean => {
    const container = pageFixture((root, element) => {
      const paragraph = element('p', { style }, 'Call +1 900 555 0123 now');
      root.append(wrapper === '' ? paragraph : element('div', { style: wrapper }, paragraph));
    });
    const text = container.querySelector('p')?.firstChild as Text;
    const visible = isVisibleText(text, 5, 20);
    container.remove();
    return visible;
  };

  it('accepts ordinary text', () => {
    expect(visibility('')).toBeTrue();
    expect(visibility('color: rgb(20, 20, 20); font-size: 14px')).toBeTrue();
  });

  it('refuses transparent text, however it is made transparent', () => {
    expect(visibility('color: transparent')).toBeFalse();
    expect(visibility('color: rgba(255, 0, 0, 0)')).toBeFalse();
    expect(visibility('-webkit-text-fill-color: transparent')).toBeFalse();
    expect(visibility('opacity: 0')).toBeFalse();
    expect(visibility('', 'opacity: 0')).toBeFalse();
  });

  it('refuses hidden, tiny, clipped and off-page text', () => {
    expect(visibility('visibility: hidden')).toBeFalse();
    expect(visibility('font-size: 1px')).toBeFalse();
    expect(visibility('font-size: 0')).toBeFalse();
    expect(visibility('position: absolute; clip: rect(0 0 0 0)')).toBeFalse();
    expect(visibility('clip-path: inset(50%)')).toBeFalse();
    expect(visibility('', 'width: 1px; height: 1px; overflow: hidden')).toBeFalse();
    expect(visibility('text-indent: -9999px; white-space: nowrap', 'overflow: hidden; width: 200px')).toBeFalse();
    expect(visibility('position: absolute; left: -9999px')).toBeFalse();
    expect(visibility('transform: scale(0)')).toBeFalse();
  });

  it('reads a deep chain of ancestors one per step, and still finds the clip at the top', () => {
    let ancestors = 0;
    const steps = (clip: string): { yields: number; visible: boolean } => {
      const container = pageFixture((root, element) => {
        let parent: HTMLElement = element('div', { style: clip });
        root.append(parent);
        for (let depth = 0; depth < 600; depth++) {
          const child = element('span');
          parent.append(child);
          parent = child;
        }
        parent.append('Call +1 900 555 0123 now');
      });
      const text = [...container.querySelectorAll('span')].pop()?.firstChild as Text;
      ancestors = 0;
      for (let at = text.parentElement; at !== null; at = at.parentElement) ancestors++;
      const run = visibleTextSteps(text, 5, 20);
      let yields = 0;
      for (let step = run.next(); ; step = run.next(), yields++) {
        if (step.done === true) {
          container.remove();
          return { yields, visible: step.value };
        }
      }
    };
    expect(steps('')).toEqual({ yields: ancestors, visible: true });
    expect(ancestors).toBeGreaterThan(600);
    expect(steps('clip-path: inset(50%)').visible).toBeFalse();
  });
});
