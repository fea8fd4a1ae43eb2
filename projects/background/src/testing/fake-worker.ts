/** A stand-in for fetch: serves config.json and numbering-plans.txt and answers Worker API calls from per-route replies a spec sets. */
import { NUMBERING_PLANS_FILE_NAME } from '../../../shared/src/lib/phone/numbering-plan-lines';
import { NUMBERING_PLANS } from '../../../shared/src/lib/phone/numbering-plans.generated';

export const WORKER_URL = 'http://worker.test';

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

type Answer = () => Response;

export class FakeWorker {
  readonly requests: SeenRequest[] = [];
  private readonly answers = new Map<string, Answer>();
  private readonly gates = new Map<string, Promise<void>>();
  /** When true every Worker request fails as a network error would. */
  unreachable = false;

  /** Answers `METHOD /path` with this status, JSON body and headers from now on. */
  reply(route: string, status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.answers.set(
      route,
      () =>
        new Response(status === 204 ? null : JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json', ...headers },
        }),
    );
  }

  error(route: string, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    this.reply(route, status, { error: { code, message } }, headers);
  }

  /** Holds the answers to a route until the returned function is called. */
  hold(route: string): () => void {
    let release = (): void => undefined;
    this.gates.set(route, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.gates.delete(route);
      release();
    };
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol === 'chrome-extension:' && url.pathname.endsWith(`/${NUMBERING_PLANS_FILE_NAME}`))
      return new Response(NUMBERING_PLANS);
    if (url.protocol === 'chrome-extension:') return Response.json({ workerUrl: WORKER_URL });
    if (this.unreachable) throw new TypeError('Failed to fetch');
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    this.requests.push({
      method,
      path: url.pathname,
      authorization: headers.get('Authorization'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : null,
    });
    await this.gates.get(`${method} ${url.pathname}`);
    const answer = this.answers.get(`${method} ${url.pathname}`);
    return answer ? answer() : Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 });
  };

  /** The requests made to one route. */
  calls(route: string): SeenRequest[] {
    return this.requests.filter((request) => `${request.method} ${request.path}` === route);
  }
}
