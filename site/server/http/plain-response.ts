/**
 * The short plain-text answers the server gives itself (a bad request, a refused method, a
 * failure), written through Node's response or, when the request never parsed, onto the socket.
 */
import { STATUS_CODES, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';

export function sendPlain(res: ServerResponse, status: number, message: string, headers: OutgoingHttpHeaders = {}) {
  const body = `${message}\n`;
  // Node leaves the body out for HEAD by itself.
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** A whole HTTP/1.1 response as bytes to write on a socket, which it then closes. */
export function rawPlain(status: number, headers: Record<string, string>, message: string): string {
  const body = `${message}\n`;
  const fields = {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`)];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}
