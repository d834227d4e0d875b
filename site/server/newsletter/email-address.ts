/**
 * Server-side validation of a subscriber's address. Deliberately stricter than RFC 5322: one bare
 * address (no display name, comments, quoting or angle brackets), ASCII local part, a domain with
 * a dot, so that nothing a user types can add a recipient or a header to a message.
 */
import { domainToASCII } from 'node:url';

export type AddressResult = { ok: true; address: string } | { ok: false; message: string };

const MAX_ADDRESS = 254; // RFC 5321's path limit, less the angle brackets
const MAX_LOCAL = 64;
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is rejected
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const invalid = (message: string): AddressResult => ({ ok: false, message });

export function parseEmailAddress(input: unknown): AddressResult {
  if (typeof input !== 'string') return invalid('Please enter an email address.');
  if (CONTROL.test(input)) return invalid('The email address contains a line break or control character.');
  const text = input.trim();
  if (text === '') return invalid('Please enter an email address.');
  if (text.length > MAX_ADDRESS) return invalid(`An email address can be at most ${MAX_ADDRESS} characters long.`);
  if (/[<>"(),;:\s\\[\]]/.test(text)) {
    return invalid('Please enter just the address, like name@example.com, without a name, spaces or brackets.');
  }
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1 || text.indexOf('@') !== at) {
    return invalid('An email address has one @ with a name before it and a domain after it.');
  }
  const local = text.slice(0, at);
  if (local.length > MAX_LOCAL) return invalid(`The part before the @ can be at most ${MAX_LOCAL} characters long.`);
  if (!LOCAL.test(local)) return invalid('The part before the @ has a character or dot that is not allowed.');
  // Internationalised domains are accepted and stored in their ASCII (punycode) form.
  const domain = domainToASCII(text.slice(at + 1).toLowerCase());
  const labels = domain.split('.');
  if (!domain || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) {
    return invalid('The part after the @ is not a valid domain, like example.com.');
  }
  const address = `${local}@${domain}`;
  if (address.length > MAX_ADDRESS) return invalid(`An email address can be at most ${MAX_ADDRESS} characters long.`);
  return { ok: true, address };
}
