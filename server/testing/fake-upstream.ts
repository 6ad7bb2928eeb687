/**
 * A stand-in Dataverse for tests of the Web API client: a real HTTP server on a free loopback port
 * whose every answer the test writes itself (`handler` gets the request and its whole body).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeUpstreamHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export async function fakeUpstream(
  handler: FakeUpstreamHandler,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ORG/api/data/v9.0/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Requests an upstream never answered must not hold the test process open.
        server.closeAllConnections();
      }),
  };
}
