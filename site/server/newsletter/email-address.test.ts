import { describe, expect, it } from 'vitest';
import { parseEmailAddress } from './email-address.ts';

describe('parseEmailAddress', () => {
  it.each([
    ['reader@example.com', 'reader@example.com'],
    ['  Reader.Name+tag@Example.COM ', 'Reader.Name+tag@example.com'],
    ["o'brien@mail.example.co.uk", "o'brien@mail.example.co.uk"],
    ['x@bücher.example', 'x@xn--bcher-kva.example'],
  ])('accepts %j as %j', (input, address) => {
    expect(parseEmailAddress(input)).toEqual({ ok: true, address });
  });

  it.each([
    [undefined, /enter an email/],
    [42, /enter an email/],
    ['', /enter an email/],
    ['   ', /enter an email/],
    ['reader@example.com\r\nBcc: victim@example.com', /line break/],
    ['reader@example.com\n', /line break/],
    ['read\u0000er@example.com', /control/],
    ['"Reader" <reader@example.com>', /without a name/],
    ['Reader <reader@example.com>', /without a name/],
    ['reader@example.com, other@example.com', /without a name/],
    ['reader@example.com;other@example.com', /without a name/],
    ['reader(comment)@example.com', /without a name/],
    ['"quoted"@example.com', /without a name/],
    ['reader', /one @/],
    ['@example.com', /one @/],
    ['reader@', /one @/],
    ['a@b@example.com', /one @/],
    ['.reader@example.com', /before the @/],
    ['re..ader@example.com', /before the @/],
    ['rëader@example.com', /before the @/],
    [`${'a'.repeat(65)}@example.com`, /at most 64/],
    [`a@${'b'.repeat(250)}.com`, /at most 254/],
    ['reader@localhost', /domain/],
    ['reader@example..com', /domain/],
    ['reader@-example.com', /domain/],
    ['reader@192.168.0.1', /domain/],
    ['reader@[192.168.0.1]', /without a name/],
    ['reader@exa_mple.com', /domain/],
  ])('rejects %j', (input, message) => {
    const result = parseEmailAddress(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
