/** For a supervisor or load balancer: 200 while signups can be taken, 503 with the reason. */
import type { APIRoute } from 'astro';
import { healthResponse, methodNotAllowed } from '../server/newsletter/routes.ts';

export const prerender = false;

export const GET: APIRoute = () => healthResponse();

export const ALL: APIRoute = () => methodNotAllowed('GET');
