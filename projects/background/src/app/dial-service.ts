/** Places calls through the Worker and records the outcome (in memory) for the popup and the badge. */
import { inject, Injectable } from '@angular/core';
import { err, ok, type DialOutcome, type MessageError, type Result } from '@voipcom/shared';
import { CallFeature } from './call-feature';
import { ExtensionStore } from './extension-store';
import { NOW } from './platform';
import { NOT_SIGNED_IN, SessionService } from './session-service';
import { WorkerClient } from './worker-client';

@Injectable()
export class DialService {
  private readonly store = inject(ExtensionStore);
  private readonly worker = inject(WorkerClient);
  private readonly session = inject(SessionService);
  private readonly now = inject(NOW);
  private readonly calls = inject(CallFeature);

  /** `extension`: digits the user dials once connected; kept with the call for the popup, never sent. */
  async dial(destination: string, extension?: string): Promise<Result<DialOutcome, MessageError>> {
    const session = this.store.session();
    if (!session) {
      this.store.setProblem(NOT_SIGNED_IN);
      return err(NOT_SIGNED_IN);
    }
    this.store.dialStarted();
    const origination = this.store.settings().originationDeviceId ?? undefined;
    const result = await this.worker.placeCall(session, { destination, origination });
    const outcome: DialOutcome = result.ok
      ? { destination: result.data.destination, placed: true, at: this.now() }
      : { destination, placed: false, at: this.now(), error: result.error };
    this.store.dialFinished(outcome);
    if (result.ok) await this.calls.follow(result.data.callId, result.data.destination, extension);
    await this.session.expireOn(result);
    return result.ok ? ok(outcome) : result;
  }
}
