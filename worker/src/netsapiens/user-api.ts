/** The caller's own NetSapiens resources (devices, calls), with one refresh-and-retry when the PBX answers 401. */
import type { Device } from '@voipcom/shared';
import { failed, type Failed } from '../http/failure';
import { refreshSession, type SessionDeps } from '../session/active-session';
import { deleteSession, type LoadedSession } from '../session/session-storage';
import { pbxRequest, unexpectedAnswer, type PbxAnswer, type PbxRequest } from './pbx-request';
import { ActiveCallListSchema, answerRuleListSchema, DeviceListSchema, type ActiveCall, type AnswerRule } from './pbx-schemas';

/** `~` means "the domain/user of the token". */
const OWN_USER_PATH = '/domains/~/users/~';

export interface CallOrder {
  callId: string;
  /** E.164. */
  destination: string;
  /** Device id that rings first; null rings the user. */
  originationDevice: string | null;
}

/** A signed-in user's view of the PBX; keeps the session current when a retry refreshes it. */
export class UserApi {
  constructor(
    private readonly deps: SessionDeps,
    private session: LoadedSession,
  ) {}

  async devices(): Promise<Device[]> {
    const answer = await this.send({ method: 'GET', path: `${OWN_USER_PATH}/devices` });
    if (answer.status !== 200) throw refusal(answer.status);
    const parsed = DeviceListSchema.safeParse(answer.json);
    if (!parsed.success) throw failed(unexpectedAnswer());
    return parsed.data.map((device) => {
      const model = device['device-models-model']?.trim();
      return {
        id: device.device,
        label: model ? `${model} (${device.device})` : device.device,
        online: device['device-sip-registration-state'] === 'registered',
      };
    });
  }

  /** The user's answer rules, one per timeframe (`GET .../answerrules`). */
  async answerRules(): Promise<AnswerRule[]> {
    const answer = await this.send({ method: 'GET', path: `${OWN_USER_PATH}/answerrules` });
    if (answer.status !== 200) throw refusal(answer.status);
    const parsed = answerRuleListSchema().safeParse(answer.json);
    if (!parsed.success) throw failed(unexpectedAnswer());
    return parsed.data;
  }

  async placeCall(order: CallOrder): Promise<void> {
    const answer = await this.send({
      method: 'POST',
      path: `${OWN_USER_PATH}/calls`,
      body: {
        synchronous: 'no',
        'call-id': order.callId,
        // The spec's example: the number with its country code, digits only.
        'call-term-user': order.destination.replace(/^\+/, ''),
        'call-orig-user': order.originationDevice ?? '',
      },
    });
    if (answer.status === 202) return;
    // A 200 must be the synchronous JSON resource; an HTML page with 200 (an old core, a proxy) placed nothing.
    if (answer.status === 200 || answer.status === 201) {
      if (typeof answer.json === 'object' && answer.json !== null) return;
      throw failed(unexpectedAnswer());
    }
    throw refusal(answer.status);
  }

  /** The user's own live calls (`~` paths: the PBX lists no one else's). */
  async activeCalls(): Promise<ActiveCall[]> {
    const answer = await this.send({ method: 'GET', path: `${OWN_USER_PATH}/calls` });
    if (answer.status !== 200) throw refusal(answer.status);
    const parsed = ActiveCallListSchema.safeParse(answer.json);
    if (!parsed.success) throw failed(unexpectedAnswer());
    return parsed.data;
  }

  /** Disconnects the user's call with this id; false when the PBX knows no live call by it (404). */
  async disconnect(pbxCallId: string): Promise<boolean> {
    const answer = await this.send({ method: 'DELETE', path: `${OWN_USER_PATH}/calls/${encodeURIComponent(pbxCallId)}` });
    if (answer.status === 404) return false;
    if (answer.status === 202 || answer.status === 204) return true;
    // The description's 200 carries a JSON object; an HTML page with 200 (a proxy, an old core) ended nothing.
    if (answer.status === 200) {
      if (typeof answer.json === 'object' && answer.json !== null) return true;
      throw failed(unexpectedAnswer());
    }
    throw refusal(answer.status);
  }

  /** One request; on 401 the tokens are refreshed once and the request retried once. */
  private async send(request: Omit<PbxRequest, 'accessToken'>): Promise<PbxAnswer> {
    const first = await pbxRequest(this.deps.config, { ...request, accessToken: this.session.record.accessToken });
    if (first.status !== 401) return first;
    this.session = await refreshSession(this.deps, this.session);
    const second = await pbxRequest(this.deps.config, { ...request, accessToken: this.session.record.accessToken });
    if (second.status !== 401) return second;
    // Fresh tokens refused too: the account cannot use the API any more.
    await deleteSession(this.deps.kv, this.session.keyHash, this.session.record.user);
    throw failed({ reason: 'session_expired' });
  }
}

function refusal(status: number): Failed {
  return failed(status === 403 ? { reason: 'pbx_forbidden' } : unexpectedAnswer(status));
}
