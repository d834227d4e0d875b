/**
 * The emails the service sends, each as plain text and HTML. Every message carries an unsubscribe
 * link in its body and the RFC 8058 one-click headers, which mail clients turn into a button.
 */
import { escapeXml as escape } from '@bounded-rationality/core/text/xml.ts';
import type { Message } from './mailer.ts';

export interface Links {
  /** Absolute origin of the site, no trailing slash: links in emails never come from a request. */
  siteUrl: string;
  siteTitle: string;
  from: string;
}

export function unsubscribePageUrl(links: Links, token: string): string {
  return `${links.siteUrl}/unsubscribe/?token=${encodeURIComponent(token)}`;
}

export function oneClickUrl(links: Links, token: string): string {
  return `${links.siteUrl}/api/unsubscribe/?token=${encodeURIComponent(token)}`;
}

export function confirmUrl(links: Links, token: string): string {
  return `${links.siteUrl}/subscribe/confirm/?token=${encodeURIComponent(token)}`;
}

function unsubscribeHeaders(links: Links, token: string): Message['headers'] {
  return {
    'List-Unsubscribe': `<${oneClickUrl(links, token)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

function html(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body style="font-family: Georgia, serif; font-size: 17px; line-height: 1.5; color: #1a1a1a; max-width: 36em; margin: 0 auto; padding: 1em">
${body}
</body></html>`;
}

const small = (text: string) => `<p style="font-size: 14px; color: #555">${text}</p>`;

export function confirmationMessage(
  links: Links,
  to: string,
  tokens: { confirm: string; unsubscribe: string },
  ttlHours: number,
): Message {
  const confirm = confirmUrl(links, tokens.confirm);
  const remove = unsubscribePageUrl(links, tokens.unsubscribe);
  const subject = `Confirm your subscription to ${links.siteTitle}`;
  return {
    from: links.from,
    to,
    subject,
    headers: unsubscribeHeaders(links, tokens.unsubscribe),
    text: [
      `Someone, hopefully you, asked to receive new posts from ${links.siteTitle} at this address.`,
      '',
      'To confirm, open this link:',
      confirm,
      '',
      `The link works once and expires in ${ttlHours} hours. If you did not ask for this, ignore this`,
      'message and nothing more will be sent; or remove your address now:',
      remove,
    ].join('\n'),
    html: html(
      subject,
      `<p>Someone, hopefully you, asked to receive new posts from ${escape(links.siteTitle)} at this address.</p>
<p><a href="${escape(confirm)}">Confirm your subscription</a></p>
${small(`The link works once and expires in ${ttlHours} hours. If you did not ask for this, ignore this message and nothing more will be sent, or <a href="${escape(remove)}">remove your address now</a>.`)}`,
    ),
  };
}

export interface PostSummary {
  slug: string;
  title: string;
  teaser: string;
  url: string;
}

export function newsletterMessage(
  links: Links,
  to: string,
  post: PostSummary,
  unsubscribe: string,
  messageId: string,
): Message {
  const remove = unsubscribePageUrl(links, unsubscribe);
  return {
    from: links.from,
    to,
    subject: post.title,
    // The same id on every attempt for this (post, subscriber): a resend after a crash is one
    // message to mail systems that deduplicate by Message-ID.
    messageId,
    headers: unsubscribeHeaders(links, unsubscribe),
    text: [
      `New on ${links.siteTitle}: ${post.title}`,
      '',
      post.teaser,
      '',
      `Read it: ${post.url}`,
      '',
      '--',
      `You get this because you subscribed to ${links.siteTitle}. Unsubscribe: ${remove}`,
    ].join('\n'),
    html: html(
      post.title,
      `<p style="font-size: 14px; color: #555">New on ${escape(links.siteTitle)}</p>
<h1 style="font-size: 26px; line-height: 1.2"><a href="${escape(post.url)}" style="color: #1a1a1a">${escape(post.title)}</a></h1>
<p>${escape(post.teaser)}</p>
<p><a href="${escape(post.url)}">Read the post</a></p>
${small(`You get this because you subscribed to ${escape(links.siteTitle)}. <a href="${escape(remove)}">Unsubscribe</a>.`)}`,
    ),
  };
}
