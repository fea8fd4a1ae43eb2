/** The privacy policy: the URL of the version in force, and a notice of an announced upcoming version until the user dismisses it. */
import { inject, Injectable } from '@angular/core';
import { ExtensionStore } from './extension-store';
import { LocalStorage } from './local-storage';
import { WorkerClient } from './worker-client';

@Injectable()
export class PolicyService {
  private readonly store = inject(ExtensionStore);
  private readonly local = inject(LocalStorage);
  private readonly worker = inject(WorkerClient);

  /** Fetches the policy versions; on failure the notice shown so far stays (a notice is never urgent to drop). */
  async refresh(): Promise<void> {
    const result = await this.worker.policy();
    if (!result.ok) return;
    this.store.setPolicyUrl(result.data.current.url);
    const upcoming = result.data.upcoming;
    const dismissed = await this.local.dismissedPolicy();
    // ISO dates compare as strings; dismissing one version also covers any earlier one.
    const show = upcoming && (dismissed === null || dismissed < upcoming.effective);
    this.store.setPolicyNotice(show ? { effective: upcoming.effective, summary: upcoming.summary, url: upcoming.url } : null);
  }

  async dismiss(effective: string): Promise<void> {
    await this.local.setDismissedPolicy(effective);
    const notice = this.store.state().policyNotice;
    if (notice && notice.effective <= effective) this.store.setPolicyNotice(null);
  }
}
