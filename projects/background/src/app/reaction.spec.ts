import { computed, signal } from '@angular/core';
import { react } from './reaction';

describe("react (the background's effect)", () => {
  const microtasks = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  it('runs at once, then once after a burst of changes to what it read, and not for other signals', async () => {
    const count = signal(0);
    const other = signal('a');
    const doubled = computed(() => count() * 2);
    const seen: number[] = [];
    react(() => void seen.push(doubled()));
    expect(seen).toEqual([0]);
    count.set(1);
    count.set(2);
    expect(seen).toEqual([0]); // not yet: one run per burst, in a microtask
    await microtasks();
    expect(seen).toEqual([0, 4]);
    other.set('b');
    count.set(2); // the same value: nothing changed
    await microtasks();
    expect(seen).toEqual([0, 4]);
    count.set(3);
    await microtasks();
    expect(seen).toEqual([0, 4, 6]);
  });

  it('may write signals that other reactions read', async () => {
    const source = signal(1);
    const mirror = signal(0);
    const seen: number[] = [];
    react(() => mirror.set(source() * 10));
    react(() => void seen.push(mirror()));
    source.set(2);
    await microtasks();
    await microtasks();
    expect(seen).toEqual([10, 20]);
  });
});
