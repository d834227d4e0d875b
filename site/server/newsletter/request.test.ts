import { describe, expect, it } from 'vitest';
import { checkSameOrigin, duplicateKey, readFields, Rejection } from './request.ts';

const url = 'http://127.0.0.1:4321/api/subscribe';
const post = (headers: Record<string, string>, body?: BodyInit) => new Request(url, { method: 'POST', headers, body });

async function rejection(promise: Promise<unknown>): Promise<Rejection> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Rejection);
  return error as Rejection;
}

describe('checkSameOrigin', () => {
  const site = 'https://blog.example';
  it('accepts the request origin and the site origin, from Origin or Referer', () => {
    expect(() => checkSameOrigin(post({ origin: 'http://127.0.0.1:4321' }), site)).not.toThrow();
    expect(() => checkSameOrigin(post({ origin: 'https://blog.example' }), site)).not.toThrow();
    expect(() => checkSameOrigin(post({ referer: 'http://127.0.0.1:4321/about/' }), site)).not.toThrow();
  });
  it.each<Record<string, string>>([
    {},
    { origin: 'https://evil.example' },
    { origin: 'null' },
    { referer: 'https://evil.example/x' },
  ])('refuses %j', (headers) => {
    expect(() => checkSameOrigin(post(headers), site)).toThrow(Rejection);
  });
});

describe('readFields', () => {
  it('reads JSON, url-encoded and multipart bodies', async () => {
    const json = await readFields(post({ 'content-type': 'application/json' }, '{"email":"a@b.co"}'), 100);
    expect(json).toEqual({ fields: { email: 'a@b.co' }, json: true });
    const form = await readFields(
      post({ 'content-type': 'application/x-www-form-urlencoded' }, 'email=a%40b.co&website='),
      100,
    );
    expect(form.fields).toEqual({ email: 'a@b.co', website: '' });
    const data = new FormData();
    data.set('email', 'a@b.co');
    const multipart = new Request(url, { method: 'POST', body: data });
    expect((await readFields(multipart, 1000)).fields).toEqual({ email: 'a@b.co' });
  });

  it('refuses oversized, malformed and unknown bodies with a status and a sentence', async () => {
    const big = await rejection(readFields(post({ 'content-type': 'application/json' }, 'x'.repeat(101)), 100));
    expect(big.status).toBe(413);
    expect((await rejection(readFields(post({ 'content-type': 'application/json' }, '{'), 100))).status).toBe(400);
    expect((await rejection(readFields(post({ 'content-type': 'application/json' }, '[1]'), 100))).status).toBe(400);
    expect((await rejection(readFields(post({ 'content-type': 'text/plain' }, 'email=x'), 100))).status).toBe(415);
    const twice = await rejection(
      readFields(post({ 'content-type': 'application/x-www-form-urlencoded' }, 'email=a&email=b'), 100),
    );
    expect(twice.message).toMatch(/more than once/);
  });
});

describe('duplicateKey', () => {
  it('finds a key repeated in one object, however it is escaped or spaced', () => {
    expect(duplicateKey('{"email":"a@b.co","email":"c@d.co"}')).toBe('email');
    expect(duplicateKey('{"email" : "a", "website": "", "\\u0065mail"\n\t:"b"}')).toBe('email');
    expect(duplicateKey('{"a": {"b": 1, "b": 2}}')).toBe('b');
    expect(duplicateKey('{"say \\"hi\\"": 1, "say \\"hi\\"": 2}')).toBe('say "hi"');
  });

  it('accepts equal keys in different objects, and keys that only look alike', () => {
    expect(duplicateKey('{"a": {"x": 1}, "b": {"x": 2}}')).toBeNull();
    expect(duplicateKey('{"a": "\\"a\\":", "b": ["a", "a"]}')).toBeNull();
    expect(duplicateKey('{"Email": 1, "email": 2}')).toBeNull();
    expect(duplicateKey('[{"a": 1}, {"a": 2}]')).toBeNull();
  });

  it('makes readFields refuse a JSON body with the email twice', async () => {
    const twice = await rejection(
      readFields(post({ 'content-type': 'application/json' }, '{"email":"a@b.co","email":"c@d.co"}'), 100),
    );
    expect([twice.status, twice.message]).toEqual([400, 'The field "email" was sent more than once.']);
  });
});
