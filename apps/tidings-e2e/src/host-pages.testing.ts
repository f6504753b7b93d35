import { createServer, type Server } from 'node:http';
import { freePort } from './server-process';

/**
 * A business system's web pages for the widget tests: a plain static "OA" site on an origin of
 * its own (another loopback port), which embeds Tidings with the loader's one line — no build
 * step, no Tidings code of its own. `/oa/token` stands for the OA system's backend minting a
 * widget token for its signed-in user (docs/widget.md, _Sign-in_ 3).
 */
export interface HostPages {
  origin: string;
  stop(): Promise<void>;
}

export interface HostPagesOptions {
  /** Where Tidings is (the loader's `src`). */
  tidingsUrl: string;
  /** The OA backend's side of token mode: a widget token for the page's user. */
  mintToken?: () => Promise<string>;
}

/** `<tidings-chat>` with these attributes (values HTML-escaped). */
function element(attributes: Record<string, string | true>): string {
  const rendered = Object.entries(attributes)
    .map(([name, value]) => (value === true ? name : `${name}="${escapeHtml(value)}"`))
    .join(' ');
  return `<tidings-chat ${rendered}></tidings-chat>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(options: { lang: string; title: string; body: string; head?: string }): string {
  return `<!doctype html>
<html lang="${options.lang}">
<head><meta charset="utf-8"><title>${options.title}</title>${options.head ?? ''}</head>
<body>${options.body}</body>
</html>`;
}

/**
 * The pages, by path. The script tag is the documented embed line; the rest of each page is
 * what an OA or ERP screen would show around it.
 */
function pages(origin: string, tidingsUrl: string): Record<string, string> {
  const loader = `<script src="${tidingsUrl}/widget/loader.js" async></script>`;
  const order = 'SO-2026-00817';
  return {
    '/inbox.html': page({
      lang: 'en',
      title: 'OA — my tasks',
      body: `<h1>My tasks</h1><p>Three approvals wait for you.</p>${loader}${element({})}`,
    }),
    '/order.html': page({
      lang: 'zh-CN',
      title: `ERP — 订单 ${order}`,
      body:
        `<h1>订单 ${order}</h1><p>客户：华东贸易有限公司</p>${loader}` +
        element({
          context: `erp:order:${order}`,
          title: `订单 ${order}`,
          members: 'bob',
          link: `${origin}/order.html`,
          open: true,
        }),
    }),
    // A page whose own styles try their worst on everything, the widget included.
    '/hostile.html': page({
      lang: 'en',
      title: 'OA — hostile styles',
      head: `<style>
        * { all: unset; }
        head { display: none; } /* only so the page's own style text does not show */
        html { font-size: 64px; font-family: "Comic Sans MS", cursive; color: #e11d48; }
        body { background: repeating-linear-gradient(45deg, #fde68a 0 40px, #fca5a5 40px 80px); }
        button, div, span, iframe { border: 12px dashed #7c3aed; padding: 30px; line-height: 5; }
      </style>`,
      body: `<h1>Giant heading</h1><p>Everything here is unset and huge.</p>${loader}${element({ open: true })}`,
    }),
    '/token.html': page({
      lang: 'en',
      title: 'OA — signed in by the OA backend',
      body:
        `<h1>OA with its own sign-in</h1>${loader}${element({})}` +
        // Token mode: the widget asks the page, the page asks its own backend.
        `<script src="/token-mode.js"></script>`,
    }),
  };
}

const TOKEN_MODE_SCRIPT = `
customElements.whenDefined('tidings-chat').then(() => {
  document.querySelector('tidings-chat').tokenProvider = () =>
    fetch('/oa/token', { method: 'POST' }).then((r) => r.text());
});
`;

/** Starts the OA site on a free loopback port. */
export async function startHostPages(options: HostPagesOptions): Promise<HostPages> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const served = pages(origin, options.tidingsUrl);
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').replace(/\?.*$/, '');
    if (path === '/token-mode.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(TOKEN_MODE_SCRIPT);
      return;
    }
    if (path === '/oa/token' && request.method === 'POST' && options.mintToken) {
      options.mintToken().then(
        (token) => response.writeHead(200, { 'content-type': 'text/plain' }).end(token),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
      return;
    }
    const html = served[path];
    if (html === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A page on an origin that is NOT a widget site: it embeds the loader like anyone could, and
 * also tries to frame the widget directly while claiming an allowed origin, listening for
 * anything the frame might post.
 */
export async function startStrangerPages(tidingsUrl: string, claimedOrigin: string) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const loader = `<script src="${tidingsUrl}/widget/loader.js" async></script>`;
  const listen = `<script src="/listen.js"></script>`;
  const served: Record<string, string> = {
    '/embed.html': page({
      lang: 'en',
      title: 'Stranger embeds the loader',
      body: `${listen}<h1>Not allowed</h1>${loader}${element({ open: true })}`,
    }),
    '/frame.html': page({
      lang: 'en',
      title: 'Stranger frames the widget, claiming another origin',
      body:
        `${listen}<h1>Not allowed</h1>` +
        `<iframe id="direct" src="${tidingsUrl}/widget?origin=${encodeURIComponent(claimedOrigin)}&lang=en"></iframe>`,
    }),
  };
  // Every message any frame posts to this page, kept for the test to read.
  const listenScript = `
    window.received = [];
    window.addEventListener('message', (event) => {
      window.received.push({ origin: event.origin, data: event.data });
    });
  `;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').replace(/\?.*$/, '');
    if (path === '/listen.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(listenScript);
      return;
    }
    const html = served[path];
    if (html === undefined) response.writeHead(404).end('not found');
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
