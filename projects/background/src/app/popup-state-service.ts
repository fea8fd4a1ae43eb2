/** The state the popup shows when it opens: re-checked with the Worker, with earlier problems delivered once. */
import { inject, Injectable } from '@angular/core';
import type { ExtensionState, MessageError } from '@voipcom/shared';
import { ExtensionStore } from './extension-store';
import { PolicyService } from './policy-service';
import { SessionService } from './session-service';

/** Conditions the fresh check finds again by itself; every other problem is a notice shown once. */
const CONDITIONS: ReadonlySet<MessageError['code']> = new Set(['offline', 'worker_unreachable']);

@Injectable()
export class PopupStateService {
  private readonly store = inject(ExtensionStore);
  private readonly session = inject(SessionService);
  private readonly policy = inject(PolicyService);

  async current(): Promise<ExtensionState> {
    const earlier = this.store.problem();
    this.store.setProblem(null);
    await Promise.all([this.session.check(), this.policy.refresh()]);
    const state = this.store.state();
    const notice = earlier && !CONDITIONS.has(earlier.code) ? earlier : null;
    if (state.problem && !CONDITIONS.has(state.problem.code)) this.store.setProblem(null); // delivered now
    return state.problem || !notice ? state : { ...state, problem: notice };
  }
}
