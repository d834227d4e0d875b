import type { APIRoute } from 'astro';
import { handleSubscribe, methodNotAllowed, outcomeResponse } from '../../server/newsletter/routes.ts';

export const prerender = false;

export const POST: APIRoute = async ({ request, clientAddress }) =>
  outcomeResponse(await handleSubscribe(request, clientAddress));

export const ALL: APIRoute = () => methodNotAllowed('POST');
