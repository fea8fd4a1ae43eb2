import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { SelectOptionsDirective, type SelectOption } from './select-options.directive';

@Component({
  imports: [SelectOptionsDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<select [vcOptions]="options()"></select>`,
})
class HostComponent {
  readonly options = signal<SelectOption[]>([]);
}

describe('SelectOptionsDirective', () => {
  it('replaces the options when the list changes, labels as text, the selected one selected', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.componentInstance.options.set([
      { value: 'a', label: 'Desk phone', selected: false },
      { value: 'b', label: '<img src=x onerror=alert(1)>', selected: true },
    ]);
    await fixture.whenStable();
    const select = (fixture.nativeElement as HTMLElement).querySelector('select')!;
    expect([...select.options].map((option) => [option.value, option.textContent])).toEqual([
      ['a', 'Desk phone'],
      ['b', '<img src=x onerror=alert(1)>'],
    ]);
    expect(select.querySelector('img')).toBeNull();
    expect(select.value).toBe('b');

    fixture.componentInstance.options.set([{ value: 'c', label: 'Softphone', selected: true }]);
    await fixture.whenStable();
    expect([...select.options].map((option) => option.value)).toEqual(['c']);
    expect(select.value).toBe('c');
  });
});
