/**
 * What each subscription route does, independent of how the answer is rendered (JSON for the
 * enhanced form, an HTML page without JavaScript). Every failure is an `Outcome` with a 4xx/5xx
 * status and a sentence for the reader; internal errors are logged, never shown.
 */
import { parseEmailAddress } from './email-address.ts';
import { clientAddress } from './client-address.ts';
import { checkSameOrigin, readFields, Rejection } from './request.ts';
import { getRuntime, health, type Runtime } from './runtime.ts';
import {
  confirm,
  confirmationState,
  isUnsubscribeTokenValid,
  subscribe,
  unsubscribe,
  type TokenState,
} from './subscriptions.ts';

export interface Outcome {
  status: number;
  ok: boolean;
  message: string;
  /** The address as typed, to refill the form after an error. */
  email?: string;
  headers?: Record<string, string>;
}

/** The hidden field that people never see and form-filling bots fill in. */
export const HONEYPOT = 'website';
const FIELDS = new Set(['email', HONEYPOT]);

const UNAVAILABLE: Outcome = {
  status: 503,
  ok: false,
  message: 'The subscription service is unavailable right now. Please try again later.',
};

async function guarded(action: (runtime: Runtime) => Promise<Outcome>): Promise<Outcome> {
  let runtime: Runtime;
  try {
    runtime = await getRuntime();
  } catch (error) {
    console.error(`newsletter: the service could not start: ${(error as Error).message}`);
    return UNAVAILABLE;
  }
  try {
    return await action(runtime);
  } catch (error) {
    if (error instanceof Rejection) {
      return { status: error.status, ok: false, message: error.message, headers: error.headers };
    }
    runtime.log(`newsletter: ${(error as Error).stack ?? String(error)}`);
    return UNAVAILABLE;
  }
}

export const SUBSCRIBED_MESSAGE =
  'Thanks! Check your inbox for a message with a confirmation link; you are subscribed once you open it.';

export function handleSubscribe(request: Request, peerAddress: string): Promise<Outcome> {
  return guarded(async (runtime) => {
    checkSameOrigin(request, runtime.links.siteUrl);
    const client = clientAddress(peerAddress, request.headers.get('x-forwarded-for'), runtime.proxies);
    const wait = runtime.limiter.take(client);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      throw new Rejection(
        429,
        `Too many attempts from your network. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        { 'Retry-After': String(wait) },
      );
    }
    const { fields } = await readFields(request, runtime.config.bodyLimitBytes);
    const email = typeof fields.email === 'string' ? fields.email : undefined;
    const unknown = Object.keys(fields).filter((name) => !FIELDS.has(name));
    if (unknown.length > 0) throw new Rejection(400, `Unexpected field "${unknown[0]}": send only "email".`);
    const trap = fields[HONEYPOT];
    if (trap !== undefined && trap !== '') {
      return {
        status: 400,
        ok: false,
        message: 'The form was filled in the way automated programs do. Please leave the hidden field empty.',
      };
    }
    const parsed = parseEmailAddress(fields.email);
    if (!parsed.ok) return { status: 400, ok: false, message: parsed.message, email };
    await subscribe(runtime, parsed.address);
    runtime.sender.kick();
    return { status: 200, ok: true, message: SUBSCRIBED_MESSAGE };
  });
}

const TOKEN_MESSAGES: Record<Exclude<TokenState, 'valid'>, string> = {
  expired: 'This confirmation link has expired. Subscribe again to get a new one.',
  invalid: 'This confirmation link is not valid, or it was already used. If you confirmed before, you are subscribed.',
};

/** GET of a confirmation link: say whether it can be used; the page then offers a button. */
export function checkConfirmation(token: string | null): Promise<Outcome> {
  return guarded(async (runtime) => {
    const state = await confirmationState(runtime.db, token);
    return state === 'valid'
      ? { status: 200, ok: true, message: 'Confirm that you want new posts by email.' }
      : { status: state === 'expired' ? 410 : 404, ok: false, message: TOKEN_MESSAGES[state] };
  });
}

/** POST of the confirmation page: the link is used. */
export function handleConfirm(request: Request, token: string | null): Promise<Outcome> {
  return guarded(async (runtime) => {
    checkSameOrigin(request, runtime.links.siteUrl);
    const state = await confirm(runtime.db, token);
    return state === 'valid'
      ? { status: 200, ok: true, message: 'You are subscribed. New posts will arrive in your inbox.' }
      : { status: state === 'expired' ? 410 : 404, ok: false, message: TOKEN_MESSAGES[state] };
  });
}

const BAD_UNSUBSCRIBE: Outcome = {
  status: 404,
  ok: false,
  message: 'This unsubscribe link is not valid. Please use the link from one of our emails.',
};

/**
 * Unsubscribe by link: from the page's button (same origin) or by RFC 8058 one-click, which mail
 * providers POST from their own servers; the signed token is the authority in both cases.
 */
export function handleUnsubscribe(token: string | null): Promise<Outcome> {
  return guarded(async (runtime) =>
    (await unsubscribe(runtime.db, token))
      ? { status: 200, ok: true, message: 'You are unsubscribed, and your address has been deleted.' }
      : BAD_UNSUBSCRIBE,
  );
}

/** GET of an unsubscribe link: check it without acting, since link scanners follow GETs. */
export function checkUnsubscribe(token: string | null): Promise<Outcome> {
  return guarded(async (runtime) =>
    (await isUnsubscribeTokenValid(runtime.db, token))
      ? { status: 200, ok: true, message: 'Unsubscribe from new posts by email?' }
      : BAD_UNSUBSCRIBE,
  );
}

/** `GET /healthz` for a supervisor: 200 while signups work, else 503 with the reason. */
export async function healthResponse(): Promise<Response> {
  const state = await health();
  return Response.json(state, { status: state.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}

/** The JSON answer of the API routes; never cached. */
export function outcomeResponse(outcome: Outcome): Response {
  return Response.json(
    { ok: outcome.ok, message: outcome.message },
    { status: outcome.status, headers: { 'cache-control': 'no-store', ...outcome.headers } },
  );
}

export function methodNotAllowed(allow: string): Response {
  return Response.json(
    { ok: false, message: `Use ${allow} for this address.` },
    { status: 405, headers: { allow, 'cache-control': 'no-store' } },
  );
}
