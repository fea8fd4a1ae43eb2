/** A static HTTP server for the test pages the content script runs on. */
import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from '../../scripts/lib/loopback-server';

export interface PageServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** http://localhost:PORT: the same pages from another site, for cross-origin frames. */
  readonly otherSiteOrigin: string;
  /** Serves `html` at `path` from now on. */
  setPage(path: string, html: string): void;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    const html = pages.get(request.url ?? '/');
    if (html === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  const port = await listenOnLoopback(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    otherSiteOrigin: `http://localhost:${port}`,
    setPage: (path, html) => pages.set(path, html),
    close: () => closeServer(server),
  };
}
