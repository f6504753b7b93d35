import { describe, expect, it } from 'vitest';
import {
  callbackOutcome,
  firstSignInStep,
  frameReturn,
  mayAskForToken,
  POPUP_RETURN,
  TOKEN_ASK_GAP_MS,
  withSigninRequired,
} from './signin-flow';

const FRAME = '/widget?origin=https%3A%2F%2Foa.example.com&lang=en';

describe('firstSignInStep', () => {
  const start = { tokenMode: false, signedIn: false, signinRequired: false, silentTried: false };

  it('asks the page for a token in token mode, whatever else holds', () => {
    expect(firstSignInStep({ ...start, tokenMode: true })).toBe('ask-token');
    expect(firstSignInStep({ ...start, tokenMode: true, signedIn: true })).toBe('ask-token');
  });

  it('goes on at once when already signed in (back from the issuer)', () => {
    expect(firstSignInStep({ ...start, signedIn: true, silentTried: true })).toBe('signed-in');
  });

  it('tries silently once, then offers the button', () => {
    expect(firstSignInStep(start)).toBe('silent');
    expect(firstSignInStep({ ...start, silentTried: true })).toBe('button');
    expect(firstSignInStep({ ...start, signinRequired: true })).toBe('button');
  });
});

describe('frameReturn', () => {
  it('goes back to the frame’s own page only', () => {
    expect(frameReturn(FRAME)).toBe(FRAME);
    expect(frameReturn('/widget')).toBe('/widget');
    for (const bad of [
      undefined,
      '',
      '/',
      '/c/1',
      '/widget/signin',
      '/widgetx',
      'widget',
      '//evil.example/widget',
      '/\\evil.example/widget',
      'https://evil.example/widget',
    ])
      expect(frameReturn(bad), String(bad)).toBeNull();
  });

  it('marks the way back after a failed silent sign-in', () => {
    expect(withSigninRequired(FRAME)).toBe(`${FRAME}&signin=required`);
    expect(withSigninRequired(`${FRAME}&signin=required`)).toBe(`${FRAME}&signin=required`);
  });
});

describe('callbackOutcome', () => {
  it('sends the frame back signed in', () => {
    expect(callbackOutcome({ ok: true, returnTo: FRAME })).toEqual({ kind: 'frame', to: FRAME });
  });

  it('sends the frame back to offer the button when the issuer wants interaction', () => {
    for (const reason of ['login_required', 'interaction_required', 'consent_required', 'other'])
      expect(callbackOutcome({ ok: false, returnTo: FRAME, reason })).toEqual({
        kind: 'frame',
        to: `${FRAME}&signin=required`,
      });
  });

  it('lets the popup hand over its tokens, or say why it could not sign in', () => {
    expect(callbackOutcome({ ok: true, returnTo: POPUP_RETURN })).toEqual({ kind: 'popup' });
    expect(callbackOutcome({ ok: false, returnTo: POPUP_RETURN, reason: 'access_denied' })).toEqual(
      { kind: 'failed', reason: 'access_denied' },
    );
  });

  it('goes nowhere it was not sent from', () => {
    expect(callbackOutcome({ ok: true, returnTo: '/c/1' }).kind).toBe('failed');
    expect(
      callbackOutcome({ ok: false, returnTo: undefined, reason: 'no sign-in in progress' }),
    ).toEqual({ kind: 'failed', reason: 'no sign-in in progress' });
  });
});

describe('mayAskForToken', () => {
  it('asks at once the first time, then not again within the gap', () => {
    expect(mayAskForToken(null, 0)).toBe(true);
    expect(mayAskForToken(1_000, 1_000 + TOKEN_ASK_GAP_MS - 1)).toBe(false);
    expect(mayAskForToken(1_000, 1_000 + TOKEN_ASK_GAP_MS)).toBe(true);
  });
});
