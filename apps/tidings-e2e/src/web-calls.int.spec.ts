import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTurn, type RunningTurn } from './turn.testing';
import { WebTestHost, type Person } from './web-host';
import {
  describeViolations,
  freshPage,
  launchChromium,
  seriousViolations,
  signInAt,
} from './web-testing';

/**
 * Voice and video calls end to end (docs/calls.md), in Debian's Chromium with its fake camera,
 * microphone and screen against the built host: two people in two browser contexts call each
 * other; the connection, the media bytes and the path are read off the call's health panel
 * (what a person would see), never from test hooks. Then a declined and an unanswered call
 * with their summaries and the missed call's badge, and a call forced through a real coturn.
 */
const SCREENSHOTS = 'docs/screenshots';
/** This suite's coturn (turn.int.spec.ts uses 23478). */
const TURN_PORT = 23_578;
/**
 * A fake camera and microphone, and permission prompts accepted (getDisplayMedia included: it
 * captures a fake screen without asking).
 */
const MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

type Who = 'alice' | 'bob';

/** The one health row of a 1:1 call. */
const health = (page: Page) => page.getByTestId('call-health-peer');
const inboundBytes = async (page: Page) =>
  Number(await health(page).getByTestId('call-inbound-bytes').getAttribute('data-bytes'));
const summaries = (page: Page) => page.getByTestId('messages').getByTestId('call-summary');
const conversationLink = (page: Page, name: string) =>
  page.getByTestId('conversation').filter({ hasText: name });

/** Both sides connected, and media arriving on both: the byte counts grow over a few seconds. */
async function expectMediaFlowing(pages: readonly Page[]): Promise<void> {
  for (const page of pages) {
    await expect
      .poll(() => health(page).getByTestId('call-state').textContent(), { timeout: 30_000 })
      .toBe('connected');
    // The panel reads getStats() once a second: the first media may still be on its way.
    await expect.poll(() => inboundBytes(page), { timeout: 10_000 }).toBeGreaterThan(0);
  }
  const first = await Promise.all(pages.map(inboundBytes));
  await pages[0]!.waitForTimeout(3_000);
  const second = await Promise.all(pages.map(inboundBytes));
  for (const [i, before] of first.entries())
    expect(second[i], `side ${i}'s bytes did not grow`).toBeGreaterThan(before);
}

async function expectAccessible(page: Page): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

describe('voice and video calls in the web client', () => {
  let host: WebTestHost;
  let browser: Browser;
  const people = {} as Record<Who, Person>;
  const pages = {} as Record<Who, Page>;
  let directId = '';

  beforeAll(async () => {
    // A short ring, so the unanswered call is missed within the test — long enough for a page
    // reloaded while it rings to come back and ring too.
    host = await WebTestHost.start({ CALLS_RING_TIMEOUT_S: '12' });
    people.alice = await host.person('alice', 'Alice Liddell');
    people.bob = await host.person('bob', 'Bob Builder');
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium({ extraArgs: MEDIA_ARGS });
    for (const who of ['alice', 'bob'] as const) {
      pages[who] = await freshPage(browser);
      await signInAt(pages[who], `${host.baseUrl}/`, people[who].username, people[who].password);
    }
    const aliceToken = host.token('alice');
    directId = await host.conversation(aliceToken, { kind: 'direct', userId: people.bob.id });
    // A second place to be: the missed call must find both of them elsewhere.
    await host.conversation(aliceToken, {
      kind: 'channel',
      visibility: 'private',
      name: 'lobby',
      memberIds: [people.bob.id],
    });
    // (Playwright's own waiting: expect.poll belongs to tests, not hooks.)
    for (const who of ['alice', 'bob'] as const)
      await pages[who].getByTestId('conversation').nth(1).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('video call: ring, accept, media both ways, screen share, hang up, summary', async () => {
    const { alice, bob } = pages;
    await conversationLink(alice, 'Bob Builder').click();
    await conversationLink(bob, 'Alice Liddell').click();
    await alice.getByTestId('call-start-video').click();

    const toast = bob.getByTestId('incoming-call');
    await expect.poll(() => toast.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await toast.getByTestId('incoming-call-text').textContent()).toContain(
      'Alice Liddell is calling you (video)',
    );
    await expectAccessible(bob);
    await bob.screenshot({ path: `${SCREENSHOTS}/calls-incoming-en.png` });
    await bob.getByTestId('call-accept').click();
    await expect.poll(() => toast.count()).toBe(0);

    await expectMediaFlowing([alice, bob]);
    // Both sent video: each shows the other's camera, not an initial.
    for (const page of [alice, bob])
      await expect
        .poll(() => page.getByTestId('call-remote').getAttribute('data-video'))
        .toBe('true');
    await expect
      .poll(() => bob.getByTestId('call-status').textContent())
      .toMatch(/In call · \d+:\d\d/);

    // Screen sharing swaps Alice's outgoing video; Bob is told it is a screen.
    await alice.getByTestId('call-screen').click();
    await expect
      .poll(() => alice.getByTestId('call-screen').textContent())
      .toContain('Stop sharing');
    const remote = bob.getByTestId('call-remote');
    await expect.poll(() => remote.getAttribute('data-screen')).toBe('true');
    expect(await remote.getByTestId('call-screen-sharing').textContent()).toContain(
      'Alice Liddell’s screen',
    );
    const beforeShare = await inboundBytes(bob);
    await bob.waitForTimeout(2_000);
    expect(await inboundBytes(bob)).toBeGreaterThan(beforeShare); // the screen arrives
    await expectAccessible(bob);
    await bob.screenshot({ path: `${SCREENSHOTS}/calls-in-call-en.png` });
    await alice.getByTestId('call-screen').click();
    await expect.poll(() => remote.getAttribute('data-screen')).toBe('false');
    expect(await remote.getByTestId('call-screen-sharing').count()).toBe(0);

    await alice.getByTestId('call-hangup').click();
    for (const page of [alice, bob])
      await expect.poll(() => page.getByTestId('in-call').count(), { timeout: 15_000 }).toBe(0);
    // The summary is the server's message, in both timelines, with the call's length.
    await expect
      .poll(() => summaries(alice).last().textContent(), { timeout: 15_000 })
      .toMatch(/Video call · \d+:\d\d/);
    await expect
      .poll(() => summaries(bob).last().textContent(), { timeout: 15_000 })
      .toMatch(/Video call · \d+:\d\d/);
    expect(await summaries(bob).last().getAttribute('data-outcome')).toBe('completed');
  });

  it('a group call of three is a mesh: each connects to both others, media both ways', async () => {
    const { alice, bob } = pages;
    const carolPerson = await host.person('carol', 'Carol Danvers');
    await host.conversation(host.token('alice'), {
      kind: 'channel',
      visibility: 'private',
      name: 'trio',
      memberIds: [people.bob.id, carolPerson.id],
    });
    const carol = await freshPage(browser);
    await signInAt(carol, `${host.baseUrl}/`, carolPerson.username, carolPerson.password);
    for (const page of [alice, bob, carol]) await conversationLink(page, 'trio').click();

    await alice.getByTestId('call-start-audio').click();
    for (const page of [bob, carol]) {
      await expect
        .poll(() => page.getByTestId('incoming-call').isVisible(), { timeout: 15_000 })
        .toBe(true);
      await page.getByTestId('call-accept').click();
    }
    // Every side shows two peers, both connected, each sending bytes that keep coming.
    const rows = (page: Page) => page.getByTestId('call-health-peer');
    const states = async (page: Page) =>
      (await rows(page).getByTestId('call-state').allTextContents()).sort();
    const bytes = async (page: Page) =>
      Promise.all(
        (await rows(page).getByTestId('call-inbound-bytes').all()).map(async (cell) =>
          Number(await cell.getAttribute('data-bytes')),
        ),
      );
    for (const page of [alice, bob, carol])
      await expect
        .poll(() => states(page), { timeout: 30_000 })
        .toEqual(['connected', 'connected']);
    const before = await Promise.all([alice, bob, carol].map(bytes));
    await alice.waitForTimeout(3_000);
    const after = await Promise.all([alice, bob, carol].map(bytes));
    for (const [side, counts] of after.entries())
      for (const [peer, count] of counts.entries())
        expect(count, `side ${side}, peer ${peer}`).toBeGreaterThan(before[side]![peer]!);

    // One leaves: the call goes on between the other two; the last one out ends it.
    await carol.getByTestId('call-hangup').click();
    await expect.poll(() => states(alice), { timeout: 15_000 }).toEqual(['connected']);
    await alice.getByTestId('call-hangup').click();
    for (const page of [alice, bob])
      await expect.poll(() => page.getByTestId('in-call').count(), { timeout: 15_000 }).toBe(0);
    await expect
      .poll(() => summaries(bob).last().textContent(), { timeout: 15_000 })
      .toMatch(/Audio call · \d+:\d\d/);
    await carol.context().close();
    // Back where the next tests expect them.
    await conversationLink(alice, 'Bob Builder').click();
    await conversationLink(bob, 'Alice Liddell').click();
  });

  it('a declined call and an unanswered one: summaries, the missed-call badge', async () => {
    const { alice, bob } = pages;
    // Both have the direct conversation open from the first test.
    await alice.getByTestId('call-start-audio').click();
    const toast = bob.getByTestId('incoming-call');
    await expect.poll(() => toast.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await toast.getByTestId('incoming-call-text').textContent()).toContain('(audio)');
    // By keyboard: with focus in the toast, Escape declines.
    await bob.getByTestId('call-decline').focus();
    await bob.keyboard.press('Escape');
    for (const page of [alice, bob]) {
      await expect
        .poll(() => summaries(page).last().textContent(), { timeout: 15_000 })
        .toContain('Audio call · Declined');
      await expect.poll(() => page.getByTestId('in-call').count()).toBe(0);
    }

    // Nobody answers: Alice rings, then both are in the lobby when the ring times out (12 s).
    await alice.getByTestId('call-start-audio').click();
    await expect.poll(() => toast.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await alice.getByTestId('call-status').textContent()).toBe('Calling…');
    await conversationLink(bob, 'lobby').click();
    await conversationLink(alice, 'lobby').click();
    await expect.poll(() => toast.count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => alice.getByTestId('in-call').count(), { timeout: 15_000 }).toBe(0);

    // A missed call is news for Bob, not for Alice who made it — live, and as the server counts.
    const bobsLink = conversationLink(bob, 'Alice Liddell');
    await expect
      .poll(() => bobsLink.getByTestId('unread-badge').textContent(), { timeout: 15_000 })
      .toBe('1');
    expect(await conversationLink(alice, 'Bob Builder').getByTestId('unread-badge').count()).toBe(
      0,
    );
    const unread = async (who: Who) => {
      const list = await host.api<{ items: Array<{ id: string; unreadCount: number }> }>(
        host.token(who),
        'GET',
        '/conversations?limit=50',
      );
      return list.items.find((c) => c.id === directId)?.unreadCount;
    };
    expect(await unread('bob')).toBe(1);
    expect(await unread('alice')).toBe(0);

    await bobsLink.click();
    await expect
      .poll(() => summaries(bob).last().textContent(), { timeout: 15_000 })
      .toContain('Missed audio call');
    expect(await summaries(bob).last().getAttribute('data-missed')).toBe('true');
    // The three calls of this suite in Bob's timeline: completed, declined, missed.
    expect(await summaries(bob).count()).toBe(3);
    await expect
      .poll(() => bob.getByTestId('messages').getByText('Loading messages…').count())
      .toBe(0);
    await bob.screenshot({ path: `${SCREENSHOTS}/calls-timeline-en.png` });
    await conversationLink(alice, 'Bob Builder').click();
    await expect
      .poll(() => summaries(alice).last().textContent(), { timeout: 15_000 })
      .toContain('Audio call · No answer');
  });

  it('rings all of a callee’s devices, one opened meanwhile too; answered on one, the others stop', async () => {
    const { alice, bob } = pages;
    const bobElsewhere = await freshPage(browser);
    await signInAt(bobElsewhere, `${host.baseUrl}/`, people.bob.username, people.bob.password);
    await bobElsewhere.getByTestId('conversation').nth(1).waitFor();

    await alice.getByTestId('call-start-audio').click();
    for (const page of [bob, bobElsewhere])
      await expect
        .poll(() => page.getByTestId('incoming-call').isVisible(), { timeout: 15_000 })
        .toBe(true);
    // A page opened while the call rings hears no event about it: it asks for the open calls.
    await bobElsewhere.reload(); // tokens are in memory: signing in again needs no password
    await bobElsewhere.getByTestId('sign-in').click();
    await expect
      .poll(() => bobElsewhere.getByTestId('incoming-call').isVisible(), { timeout: 15_000 })
      .toBe(true);
    await bob.getByTestId('call-accept').click();
    await expect
      .poll(() => bobElsewhere.getByTestId('call-notice').textContent(), { timeout: 15_000 })
      .toBe('Answered on another device');
    expect(await bobElsewhere.getByTestId('incoming-call').count()).toBe(0);
    await expectMediaFlowing([alice, bob]);
    // The other device takes no part: no call view (the signals to Bob reach it too, ignored).
    expect(await bobElsewhere.getByTestId('in-call').count()).toBe(0);

    await bob.getByTestId('call-hangup').click();
    for (const page of [alice, bob])
      await expect.poll(() => page.getByTestId('in-call').count(), { timeout: 15_000 }).toBe(0);
    await expect
      .poll(() => summaries(alice).last().textContent(), { timeout: 15_000 })
      .toMatch(/Audio call · \d+:\d\d/);
    await bobElsewhere.context().close();
  });
});

describe('a call relayed through TURN', () => {
  let turn: RunningTurn;
  let host: WebTestHost;
  let browser: Browser;
  const people = {} as Record<Who, Person>;
  const pages = {} as Record<Who, Page>;

  beforeAll(async () => {
    turn = await startTurn({ port: TURN_PORT });
    // Relay only: no host or server-reflexive candidate is even gathered.
    host = await WebTestHost.start({ ...turn.env, CALLS_ICE_TRANSPORT_POLICY: 'relay' });
    people.alice = await host.person('alice', 'Alice Liddell');
    people.bob = await host.person('bob', 'Bob Builder');
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium({ extraArgs: MEDIA_ARGS });
    pages.alice = await freshPage(browser);
    pages.bob = await freshPage(browser, 'zh-CN'); // Bob reads Chinese: the screenshots too
    for (const who of ['alice', 'bob'] as const)
      await signInAt(pages[who], `${host.baseUrl}/`, people[who].username, people[who].password);
    const directId = await host.conversation(host.token('alice'), {
      kind: 'direct',
      userId: people.bob.id,
    });
    expect(directId).toBeTruthy();
    // In-app navigation: a reload would sign them out (tokens live in memory only).
    await conversationLink(pages.alice, 'Bob Builder').click();
    await conversationLink(pages.bob, 'Alice Liddell').click();
    for (const who of ['alice', 'bob'] as const)
      await pages[who].locator('[data-testid=call-start-video]:enabled').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await turn?.stop();
  });

  it('connects through the relay and media flows', async () => {
    const { alice, bob } = pages;
    await alice.getByTestId('call-start-video').click();
    const toast = bob.getByTestId('incoming-call');
    await expect.poll(() => toast.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await toast.getByTestId('incoming-call-text').textContent()).toContain(
      'Alice Liddell 邀请你视频通话',
    );
    await bob.screenshot({ path: `${SCREENSHOTS}/calls-incoming-zh-CN.png` });
    await bob.getByTestId('call-accept').click();

    await expectMediaFlowing([alice, bob]);
    for (const page of [alice, bob])
      expect(await health(page).getByTestId('call-candidate-type').textContent()).toBe('relay');
    await bob.screenshot({ path: `${SCREENSHOTS}/calls-in-call-zh-CN.png` });

    await bob.getByTestId('call-hangup').click();
    await expect
      .poll(() => summaries(alice).last().textContent(), { timeout: 15_000 })
      .toMatch(/Video call · \d+:\d\d/);
  });
});
