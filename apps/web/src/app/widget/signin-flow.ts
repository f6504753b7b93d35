/**
 * The widget's sign-in decisions (docs/widget.md, Sign-in), pure so they are unit-tested:
 * which way the frame signs in, where the issuer's answer sends it, and when to ask the page
 * for a token.
 */

export const WIDGET_PATH = '/widget';
/** The issuer's redirect target for the frame's silent sign-in and for the popup. */
export const WIDGET_CALLBACK_PATH = '/widget/callback';
/** The popup's page: it starts the interactive code flow. */
export const WIDGET_SIGNIN_PATH = '/widget/signin';
/** The popup's flow returns here: it marks a callback as the popup's, and says "done". */
export const POPUP_RETURN = `${WIDGET_SIGNIN_PATH}?done=1`;
/** Token mode: the page is asked for a fresh token this often (tokens live 1–60 minutes). */
export const TOKEN_RENEWAL_MS = 4 * 60_000;
/** A failure-driven ask waits this long after the previous ask: one failure, one token. */
export const TOKEN_ASK_GAP_MS = 10_000;

export type SignInStep =
  /** Token mode: ask the page for a `tdw_…` token. */
  | 'ask-token'
  /** Tokens already in this window (the frame came back from the issuer). */
  | 'signed-in'
  /** Through the issuer with `prompt=none`: signed in without seeing anything, or not. */
  | 'silent'
  /** Show "Sign in", which opens the popup. */
  | 'button';

/**
 * The first step once the page's configuration is known. Silent sign-in is tried once per
 * frame (the flag outlives the round trip to the issuer, in sessionStorage): after it failed,
 * or when the callback said so, the frame offers the button instead of redirecting forever.
 */
export function firstSignInStep(state: {
  tokenMode: boolean;
  signedIn: boolean;
  signinRequired: boolean;
  silentTried: boolean;
}): SignInStep {
  if (state.tokenMode) return 'ask-token';
  if (state.signedIn) return 'signed-in';
  return state.signinRequired || state.silentTried ? 'button' : 'silent';
}

/** Resolves paths only; anything that leaves this made-up origin is not ours. */
const BASE = 'https://frame.invalid';

/**
 * A place the callback may send the frame back to: the frame's own page and nothing else —
 * not another route, and never another origin (`//evil`, `/\evil`).
 */
export function frameReturn(returnTo: string | undefined): string | null {
  if (!returnTo?.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(returnTo, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE || url.pathname !== WIDGET_PATH) return null;
  return url.pathname + url.search;
}

/** The frame's page, told that silent sign-in did not work (`signin=required`). */
export function withSigninRequired(frameUrl: string): string {
  const url = new URL(frameUrl, BASE);
  url.searchParams.set('signin', 'required');
  return url.pathname + url.search;
}

export type CallbackOutcome =
  /** Back to the frame's page: signed in, or (after a failure) to offer the button. */
  | { kind: 'frame'; to: string }
  /** The popup signed in: it hands the tokens to the frame that opened it. */
  | { kind: 'popup' }
  /** Nothing to go back to (or the popup's sign-in failed): say why. */
  | { kind: 'failed'; reason: string };

/** What `/widget/callback` does with the issuer's answer, by where the flow began. */
export function callbackOutcome(
  result:
    { ok: true; returnTo: string } | { ok: false; returnTo: string | undefined; reason: string },
): CallbackOutcome {
  if (result.returnTo === POPUP_RETURN)
    return result.ok ? { kind: 'popup' } : { kind: 'failed', reason: result.reason };
  const frame = frameReturn(result.returnTo);
  if (!frame)
    return {
      kind: 'failed',
      reason: result.ok ? 'the sign-in was not the widget’s' : result.reason,
    };
  return { kind: 'frame', to: result.ok ? frame : withSigninRequired(frame) };
}

/**
 * Whether a failure (a refused request, a closed socket) may ask the page for a token now:
 * not within `gap` of the last ask, so one expiry does not become a burst of mints.
 */
export function mayAskForToken(
  lastAskedAt: number | null,
  now: number,
  gap = TOKEN_ASK_GAP_MS,
): boolean {
  return lastAskedAt === null || now - lastAskedAt >= gap;
}
