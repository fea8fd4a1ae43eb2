/** Counts the KV operations and subrequests a run spends, and watches its clock, so it stops itself in time. */

export class OperationBudget {
  private spent = 0;

  /**
   * `limit`: operations this invocation may still make (Workers KV allows 1,000 per invocation). `deadlineMs`: epoch ms
   * after which nothing new starts (a cron invocation is ended after 15 minutes).
   */
  constructor(
    readonly limit: number,
    private readonly deadlineMs = Number.POSITIVE_INFINITY,
  ) {}

  /** Reserves `count` operations; false (and nothing reserved) when that would exceed the limit or time is up. */
  take(count = 1): boolean {
    if (this.spent + count > this.limit || Date.now() >= this.deadlineMs) return false;
    this.spent += count;
    return true;
  }

  /** A budget for one step that leaves `reserve` operations here; settle it with `absorb` when the step is done. */
  child(reserve: number): OperationBudget {
    return new OperationBudget(Math.max(0, this.remaining - reserve), this.deadlineMs);
  }

  /** Counts what a child spent (it was within this budget's limit when reserved). */
  absorb(child: OperationBudget): void {
    this.spend(child.used);
  }

  /** Counts operations reserved earlier (kept back from a child), even when time is up. */
  spend(count: number): void {
    this.spent += count;
  }

  get used(): number {
    return this.spent;
  }

  get remaining(): number {
    return this.limit - this.spent;
  }
}
