/**
 * Request bodies are read in full before Astro sees them (as `req.body`, which the adapter takes
 * instead of the stream), so the size limit is enforced in one place and a client that gives up
 * mid-body never reaches a route: there is nothing for a route to fail on, or to log.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = Buffer | 'too-large' | 'aborted';

/** Whether the request carries a body that Astro would read (it skips them for GET and HEAD). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  // Node has already refused a Content-Length that is not a number.
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      req.off('data', onData).off('end', onEnd).off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish('too-large');
      else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks));
    // 'close' before 'end': the client went away (the 'error' that comes with it is handled in server.ts).
    const onClose = () => finish('aborted');
    req.on('data', onData).on('end', onEnd).on('close', onClose);
  });
}
