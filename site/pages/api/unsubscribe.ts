/** RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to this URL. */
import type { APIRoute } from 'astro';
import { handleUnsubscribe, methodNotAllowed, outcomeResponse } from '../../server/newsletter/routes.ts';

export const prerender = false;

export const POST: APIRoute = async ({ url }) =>
  outcomeResponse(await handleUnsubscribe(url.searchParams.get('token')));

// Someone who opens the header's URL in a browser gets the page with the button.
export const GET: APIRoute = ({ url, redirect }) =>
  redirect(`/unsubscribe/?token=${encodeURIComponent(url.searchParams.get('token') ?? '')}`, 303);

export const ALL: APIRoute = () => methodNotAllowed('POST');
