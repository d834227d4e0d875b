/**
 * Reading a subscription POST safely: same-origin check, a body size limit, and both encodings a
 * client may use (JSON, or form data url-encoded or multipart). Failures become `Rejection`s that
 * carry a status and a message fit to show the reader.
 */
export class Rejection extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/**
 * A browser always sends Origin on a POST (Referer as a fallback in old ones). Accept the site's
 * own origin and the origin the request was addressed to; refuse a POST that names neither.
 */
export function checkSameOrigin(request: Request, siteUrl: string): void {
  const origin = request.headers.get('origin');
  const referer = request.headers.get('referer');
  let claimed: string | null;
  try {
    claimed = origin && origin !== 'null' ? new URL(origin).origin : referer ? new URL(referer).origin : null;
  } catch {
    claimed = null;
  }
  const allowed = [new URL(request.url).origin, new URL(siteUrl).origin];
  if (!claimed || !allowed.includes(claimed)) {
    throw new Rejection(403, 'This form can only be sent from the site itself. Please use the form on the site.');
  }
}

/** The request body, refused past `limit` bytes whatever Content-Length claims. */
async function readBody(request: Request, limit: number): Promise<Buffer> {
  const tooLarge = () => new Rejection(413, `The request is too large (the limit is ${limit} bytes).`);
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export type Fields = Record<string, unknown>;

/**
 * The first key that occurs twice in one object of `text`, which must be valid JSON; null if none.
 * In valid JSON a string followed by a colon is always a key, so a scan of strings and braces does.
 */
export function duplicateKey(text: string): string | null {
  const objects: Set<string>[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') objects.push(new Set());
    else if (c === '}') objects.pop();
    else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const literal = text.slice(i, end + 1);
      i = end;
      let next = end + 1;
      while (' \t\n\r'.includes(text[next] ?? '.')) next++;
      if (text[next] === ':') {
        const key = JSON.parse(literal) as string;
        const keys = objects.at(-1)!;
        if (keys.has(key)) return key;
        keys.add(key);
      }
    }
  }
  return null;
}

/** The submitted fields, from JSON or form encoding. */
export async function readFields(request: Request, limit: number): Promise<{ fields: Fields; json: boolean }> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const body = await readBody(request, limit);
  if (type === 'application/json') {
    let text: string;
    let value: unknown;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      value = JSON.parse(text);
    } catch {
      throw new Rejection(400, 'The request body is not valid JSON.');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Rejection(400, 'The request body must be a JSON object, like {"email": "name@example.com"}.');
    }
    // JSON.parse keeps the last of two equal keys; refuse them, as a repeated form field is.
    const repeated = duplicateKey(text);
    if (repeated !== null) throw new Rejection(400, `The field "${repeated}" was sent more than once.`);
    return { fields: value as Fields, json: true };
  }
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Request(request.url, {
        method: 'POST',
        headers: { 'content-type': request.headers.get('content-type')! },
        body: new Uint8Array(body),
      }).formData();
    } catch {
      throw new Rejection(400, 'The form data could not be read.');
    }
    const fields: Fields = {};
    for (const [name, value] of form) {
      // A repeated field is ambiguous: refuse it rather than guess which one was meant.
      if (name in fields) throw new Rejection(400, `The field "${name}" was sent more than once.`);
      fields[name] = typeof value === 'string' ? value : null;
    }
    return { fields, json: false };
  }
  throw new Rejection(415, 'Send the form as application/x-www-form-urlencoded, multipart/form-data or JSON.');
}
