import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import {
  PAGE_HEADERS,
  renderLoginPage,
  renderMessagePage,
  type LoginProblem,
} from './issuer-pages';
import { WEB_CLIENT_ID } from './issuer-options';
import type { LoginActions, LoginOutcome } from './login.actions';
import { chooseLanguage, textsFor, type Language } from './page-i18n';

const MAX_FORM_BYTES = 16 * 1024;

export interface InteractionRequest {
  raw: IncomingMessage;
  res: ServerResponse;
  uid: string;
  /** `show`: GET the login page; `login`: POST the form. */
  step: 'show' | 'login';
  /** The client address (TRUST_PROXY aware). */
  ip: string;
}

/**
 * The login page of the built-in issuer (oidc-provider "interactions"). oidc-provider sends
 * the browser here with a signed, path-scoped, SameSite=Lax interaction cookie; the uid in
 * the URL must match that cookie's interaction, so a form posted from another site (no
 * cookie) or for another sign-in (other uid) is refused — that is the CSRF protection.
 */
export class InteractionPages {
  constructor(
    private readonly provider: Provider,
    private readonly login: LoginActions,
    private readonly paths: { externalMount: string; homeUrl: string },
  ) {}

  async handle(request: InteractionRequest): Promise<void> {
    const { raw, res, uid } = request;
    const query = new URL(raw.url ?? '/', 'http://local').searchParams;
    const language = chooseLanguage(query.get('lang') ?? undefined, raw.headers['accept-language']);

    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await this.provider.interactionDetails(raw, res);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return this.expired(res, language);
      throw error;
    }
    if (details.uid !== uid) return this.expired(res, language);

    const clientId =
      typeof details.params['client_id'] === 'string' ? details.params['client_id'] : null;
    if (details.prompt.name === 'consent') {
      // Only reached if a first-party grant was somehow not pre-approved; never for others.
      const accountId = details.session?.accountId;
      if (clientId !== WEB_CLIENT_ID || !accountId) return this.expired(res, language);
      const grant = new this.provider.Grant({ clientId, accountId });
      grant.addOIDCScope(String(details.params['scope'] ?? 'openid'));
      const grantId = await grant.save();
      return this.provider.interactionFinished(
        raw,
        res,
        { consent: { grantId } },
        {
          mergeWithLastSubmission: true,
        },
      );
    }

    const base = `${this.paths.externalMount}/interaction/${uid}`;
    const page = (status: number, problem?: LoginProblem, username?: string) =>
      this.send(
        res,
        status,
        renderLoginPage({
          language,
          action: `${base}/login`,
          selfPath: base,
          ...(username !== undefined ? { username } : {}),
          ...(problem ? { problem } : {}),
        }),
      );

    if (request.step === 'show') {
      if (raw.method !== 'GET' && raw.method !== 'HEAD') return this.send(res, 405, '');
      return page(200);
    }
    if (raw.method !== 'POST') return this.send(res, 405, '');
    const form = await readForm(raw);
    if (!form) return page(400);
    const username = form.get('username') ?? '';
    const outcome = await this.login.attempt({
      username,
      password: form.get('password') ?? '',
      ip: request.ip || null,
      clientId,
    });
    if (outcome.ok) {
      return this.provider.interactionFinished(
        raw,
        res,
        { login: { accountId: outcome.accountId } },
        {
          mergeWithLastSubmission: false,
        },
      );
    }
    return page(...failurePage(outcome), username.slice(0, 64));
  }

  private expired(res: ServerResponse, language: Language): void {
    const t = textsFor(language);
    this.send(
      res,
      400,
      renderMessagePage({
        language,
        title: t.expiredTitle,
        heading: t.expiredTitle,
        message: t.expired,
        homeUrl: this.paths.homeUrl,
      }),
    );
  }

  private send(res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, { ...PAGE_HEADERS, 'content-length': Buffer.byteLength(html) });
    res.end(html);
  }
}

/** The status and message of the login page after a refused attempt. */
function failurePage(outcome: Exclude<LoginOutcome, { ok: true }>): [number, LoginProblem] {
  switch (outcome.reason) {
    case 'locked':
      return [401, { kind: 'locked', minutes: outcome.minutes }];
    case 'directory_unavailable':
      // The directory, not the person, failed: 503 so monitoring sees it, and a clear text.
      return [503, { kind: 'directory_unavailable' }];
    case 'not_provisioned':
      return [403, { kind: 'not_provisioned' }];
    default:
      return [401, { kind: 'wrong_credentials' }];
  }
}

/** The urlencoded login form, or undefined if it is not one or is too large. */
async function readForm(raw: IncomingMessage): Promise<URLSearchParams | undefined> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(raw.headers['content-type'] ?? ''))
    return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
