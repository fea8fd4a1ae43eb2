/** The only writer of dial audit rows: one Analytics Engine data point per dial request (layout in worker/STORAGE.md). */
import { logFailure } from '../log';

export interface DialEvent {
  /** NetSapiens uid (user@domain) of the caller: the data point's index. */
  uid: string;
  /** The requested number when it was E.164, else '' (the trail never keeps free text a request sent). */
  destination: string;
  placed: boolean;
  /** Empty when placed. */
  errorMessage: string;
  /** Epoch milliseconds the request arrived. */
  requestedAt: number;
}

/**
 * index1 = uid; blob1 = destination; blob2 = error message; double1 = 1 placed / 0 refused; double2 = requestedAt.
 * Nothing else: no IP, user agent, token or session id. A failed write is logged and never affects the call.
 */
export function recordDial(dataset: AnalyticsEngineDataset, event: DialEvent): void {
  try {
    dataset.writeDataPoint({
      indexes: [event.uid],
      blobs: [event.destination, event.errorMessage],
      doubles: [event.placed ? 1 : 0, event.requestedAt],
    });
  } catch (error) {
    logFailure('dial_audit_write_failed', error);
  }
}
