/** The Worker's base URL, written by `npm run build` (WORKER_URL) into config.json beside the manifest. */
import { inject, Injectable } from '@angular/core';
import * as z from 'zod/mini';
import { CHROME } from '../../../extension/chrome/chrome';
import { FETCH } from './platform';

const ConfigSchema = z.object({ workerUrl: z.url({ protocol: /^https?$/ }) });

@Injectable()
export class WorkerConfig {
  private readonly chrome = inject(CHROME);
  private readonly fetch = inject(FETCH);
  private loaded?: Promise<string>;

  /** Read once per service-worker life; the file ships with the extension and never changes at run time. */
  baseUrl(): Promise<string> {
    this.loaded ??= this.fetch(this.chrome.runtime.getURL('config.json'))
      .then((response) => response.json())
      .then((body: unknown) => ConfigSchema.parse(body).workerUrl.replace(/\/+$/, ''))
      .catch((error: unknown) => {
        this.loaded = undefined; // try again on the next call rather than failing for the worker's whole life
        throw error;
      });
    return this.loaded;
  }
}
