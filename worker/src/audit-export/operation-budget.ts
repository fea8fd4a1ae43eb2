/** Counts the subrequests and KV operations a run spends, so it stops before the Worker's per-invocation cap. */

export class OperationBudget {
  private spent = 0;

  constructor(readonly limit: number) {}

  /** Reserves `count` operations; false (and nothing reserved) when that would exceed the limit. */
  take(count = 1): boolean {
    if (this.spent + count > this.limit) return false;
    this.spent += count;
    return true;
  }

  get used(): number {
    return this.spent;
  }
}
