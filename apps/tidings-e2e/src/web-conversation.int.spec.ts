import { mkdirSync, readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebTestHost, type Person } from './web-host';
import {
  describeViolations,
  freshPage,
  launchChromium,
  seriousViolations,
  signInAt,
} from './web-testing';

/**
 * The conversation screen end to end, in Debian's Chromium against the built host: two people
 * sign in through the built-in issuer; Alice creates a channel from the UI and invites Bob,
 * sends a mention (picked from the autocomplete) with two files; Bob gets it live with badges,
 * replies in a thread and reacts; Alice sees him typing, the reply, the reaction and the read
 * receipt; Bob goes offline, Alice sends three messages, Bob comes back and sees them once, in
 * order. Then: a failed send retried with the same clientMsgId; edits, pins and deletes; the
 * member list and pasted/dropped files; long history (divider, jump to first unread, older
 * pages) and the screen in Chinese.
 */
const SCREENSHOTS = 'docs/screenshots';

/** A real PNG of one colour (so the server's image checks and thumbnailer have work to do). */
function solidPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.alloc(width * 3, Buffer.from([47, 111, 222])),
  ]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('the conversation screen', () => {
  let host: WebTestHost;
  let browser: Browser;
  const people = {} as Record<'alice' | 'bob' | 'carol', Person>;
  /** Set by the first test, used by the later ones. */
  const shared = {
    aliceToken: '',
    channelId: '',
    alice: undefined as Page | undefined,
    /** Bob's open pages: they read the channel live, so they are closed before his backlog. */
    bobPages: [] as Page[],
  };

  /** Signs in through the SPA and the issuer's form; the token the SPA then uses. */
  async function signIn(who: 'alice' | 'bob', page?: Page): Promise<{ page: Page; token: string }> {
    page ??= await freshPage(browser);
    const token = await signInAt(
      page,
      `${host.baseUrl}/`,
      people[who].username,
      people[who].password,
    );
    await expect.poll(() => page.getByTestId('me').textContent()).not.toBe('');
    return { page, token };
  }

  /** The main pane's messages (not the thread panel's). */
  const mainMessages = (page: Page) => page.getByTestId('messages').getByTestId('message');
  /** The main composer (the thread panel has one too). */
  const mainComposer = (page: Page) => page.locator('main').getByTestId('composer-input');

  beforeAll(async () => {
    host = await WebTestHost.start();
    people.alice = await host.person('alice', 'Alice Liddell');
    people.bob = await host.person('bob', 'Bob Builder');
    people.carol = await host.person('carol', 'Carol Chen');
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('channel, mention and files, live badge, thread, reaction, typing, receipt, offline and back', async () => {
    const alice = await signIn('alice');
    // Bob's socket goes through a route the test can cut, like a network outage.
    let offline = false;
    const links: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
    const bobPage = await freshPage(browser);
    await bobPage.routeWebSocket(/\/ws(\?|$)/, (ws) => {
      if (offline) return void ws.close({ code: 4000, reason: 'test: offline' });
      links.push({ page: ws, server: ws.connectToServer() });
    });
    const bob = await signIn('bob', bobPage);
    shared.bobPages.push(bob.page);

    // Messaging learns people from the directory's events (async): a direct conversation
    // with Bob succeeds once it knows him — and gives Alice's sidebar a presence dot.
    await host.conversation(alice.token, { kind: 'direct', userId: people.bob.id });
    const directLink = alice.page.getByTestId('conversation').filter({ hasText: 'Bob Builder' });
    await expect
      .poll(() => directLink.getByTestId('presence-dot').getAttribute('data-state'), {
        timeout: 10_000,
      })
      .toBe('online');

    // 1. Alice creates a private channel from the UI and picks Bob by name.
    await alice.page.getByTestId('new-channel').click();
    const dialog = alice.page.getByTestId('new-channel-dialog');
    await dialog.getByTestId('channel-name').fill('design');
    await dialog.getByTestId('visibility-private').check();
    await dialog.getByTestId('people-search').fill('Bob');
    await dialog.getByTestId('person-result').filter({ hasText: 'Bob Builder' }).click();
    expect(await dialog.getByTestId('picked-person').textContent()).toContain('Bob Builder');
    await dialog.getByTestId('create-channel').click();
    await alice.page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
    const channelId = alice.page.url().split('/').at(-1) ?? '';
    shared.channelId = channelId;
    shared.aliceToken = alice.token;
    shared.alice = alice.page;
    expect(await alice.page.getByTestId('conversation-title').textContent()).toBe('# design');
    await expect.poll(() => alice.page.getByTestId('members-button').textContent()).toContain('2');
    const bobLink = bob.page.getByTestId('conversation').filter({ hasText: '# design' });
    await bobLink.waitFor(); // live: messaging.conversation.created

    // 2. A mention picked from the autocomplete, and two files (an image and a text file).
    const input = mainComposer(alice.page);
    await input.click();
    await input.pressSequentially('Please review @bo');
    const option = alice.page.getByTestId('mention-option').filter({ hasText: '@bob' });
    await option.waitFor();
    expect(await option.textContent()).toContain('Bob Builder');
    await alice.page.keyboard.press('Enter'); // picks the suggestion, does not send
    await input.pressSequentially('before Friday');
    expect(await input.inputValue()).toBe('Please review @bob before Friday');
    const notes = 'Notes for the design review — 设计评审\n';
    await alice.page.getByTestId('file-input').setInputFiles([
      { name: 'mockup.png', mimeType: 'image/png', buffer: solidPng(64, 48) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(notes) },
    ]);
    const uploads = alice.page.getByTestId('upload');
    await expect.poll(() => uploads.count()).toBe(2);
    // Uploads are inspected on the server (type by content, image checks): on a busy machine
    // that takes longer than expect.poll's default second.
    await expect
      .poll(
        async () =>
          (await uploads.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).join(),
        { timeout: 15_000 },
      )
      .toBe('done,done');
    await alice.page.getByTestId('composer-send').click();
    const aliceMessage = mainMessages(alice.page).filter({ hasText: 'Please review' });
    await expect.poll(() => aliceMessage.getAttribute('data-status')).toBe('sent');
    await expect.poll(() => aliceMessage.getByTestId('attachment').count()).toBe(2);
    expect(await aliceMessage.count()).toBe(1);

    // 3. Bob, looking elsewhere, gets the unread and mention badges live.
    await expect.poll(() => bobLink.getByTestId('unread-badge').textContent()).toBe('1');
    expect(await bobLink.getByTestId('mention-badge').textContent()).toBe('@1');
    await bobLink.click();
    const bobSees = mainMessages(bob.page).filter({ hasText: 'Please review' });
    await expect
      .poll(() => bobSees.getByTestId('message-text').textContent())
      .toBe('Please review @bob before Friday');
    // The image shows as a thumbnail (fetched with the token), the text file downloads intact.
    await expect
      .poll(() =>
        bobSees
          .getByTestId('attachment-thumbnail')
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
    const [download] = await Promise.all([
      bob.page.waitForEvent('download'),
      bobSees.getByTestId('attachment-download').filter({ hasText: 'notes.txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('notes.txt');
    expect(readFileSync((await download.path()) as string, 'utf8')).toBe(notes);

    // 4. Bob replies in a thread; Alice sees him typing first, then the reply.
    await bobSees.hover();
    await bobSees.getByTestId('action-reply').click();
    const thread = bob.page.getByTestId('thread-panel');
    await thread.getByTestId('message').filter({ hasText: 'Please review' }).waitFor();
    await thread.getByTestId('composer-input').pressSequentially('Looks good to me');
    await expect
      .poll(() => alice.page.getByTestId('typing').textContent())
      .toBe('Bob Builder is typing…');
    await thread.getByTestId('composer-input').press('Enter');
    await thread
      .locator('[data-testid=message][data-status=sent]')
      .filter({ hasText: 'Looks good to me' })
      .waitFor();
    await expect
      .poll(() => aliceMessage.getByTestId('reply-count').textContent())
      .toContain('1 reply');
    await expect.poll(() => alice.page.getByTestId('typing').textContent()).toBe('');
    // The reply is folded under its root, not in the main list.
    expect(await mainMessages(alice.page).filter({ hasText: 'Looks good' }).count()).toBe(0);
    await aliceMessage.getByTestId('reply-count').click();
    await alice.page
      .getByTestId('thread-panel')
      .getByTestId('message-text')
      .filter({ hasText: 'Looks good to me' })
      .waitFor();

    // 5. Bob reacts; his own count is 1 (the PUT answer and the event are one reaction).
    await bobSees.hover();
    await bobSees.getByTestId('action-react').click();
    await bobSees.getByTestId('emoji-option').filter({ hasText: '👍' }).click();
    const bobReaction = bobSees.getByTestId('reaction').filter({ hasText: '👍' });
    await expect.poll(() => bobReaction.getAttribute('aria-pressed')).toBe('true');
    const aliceReaction = aliceMessage.getByTestId('reaction').filter({ hasText: '👍' });
    await expect.poll(() => aliceReaction.getByTestId('reaction-count').textContent()).toBe('1');
    await new Promise((r) => setTimeout(r, 300));
    expect(await bobReaction.getByTestId('reaction-count').textContent()).toBe('1');
    expect(await aliceReaction.getAttribute('aria-pressed')).toBe('false');

    // 6. The read receipt: Bob has read Alice's message.
    await expect
      .poll(() => alice.page.getByTestId('seen-by').textContent(), { timeout: 15_000 })
      .toBe('Seen by Bob Builder');
    await alice.page.screenshot({ path: `${SCREENSHOTS}/conversation-en.png` });
    // Accessibility of the whole screen, the rendered messages (mention chips) included.
    const violations = await seriousViolations(alice.page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // 7. Bob goes offline; Alice sends three messages; Bob comes back and gets them once, in order.
    offline = true;
    for (const link of links) {
      await link.server.close();
      await link.page.close({ code: 4000, reason: 'test: cut' });
    }
    await bob.page.getByTestId('offline-banner').waitFor();
    for (const n of [1, 2, 3]) {
      await input.fill(`While you were away ${n}`);
      await input.press('Enter');
      await mainMessages(alice.page)
        .filter({ hasText: `While you were away ${n}` })
        .and(alice.page.locator('[data-status=sent]'))
        .waitFor();
    }
    offline = false;
    const missed = mainMessages(bob.page).filter({ hasText: 'While you were away' });
    await expect.poll(() => missed.count(), { timeout: 20_000 }).toBe(3);
    expect(await missed.getByTestId('message-text').allTextContents()).toEqual([
      'While you were away 1',
      'While you were away 2',
      'While you were away 3',
    ]);
    await expect.poll(() => bob.page.getByTestId('offline-banner').count()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await missed.count()).toBe(3);
    // Alice wrote them right after her first message (Bob's reply is in the thread): one
    // group, so only the first message of it shows her name.
    const grouped = await mainMessages(bob.page).evaluateAll((els) =>
      els.map((e) => e.classList.contains('continued')),
    );
    expect(grouped).toEqual([false, true, true, true]);
  });

  it('marks a failed send and retries it with the same clientMsgId', async () => {
    const page = shared.alice as Page;
    const bodies: Array<{ text: string; clientMsgId: string }> = [];
    let failNext = true;
    await page.route(`**/api/v1/conversations/${shared.channelId}/messages`, async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      bodies.push(route.request().postDataJSON() as { text: string; clientMsgId: string });
      if (failNext) {
        failNext = false;
        return route.abort('connectionreset');
      }
      return route.fallback();
    });
    await mainComposer(page).fill('Third time lucky');
    await mainComposer(page).press('Enter');
    const message = mainMessages(page).filter({ hasText: 'Third time lucky' });
    await expect.poll(() => message.getAttribute('data-status')).toBe('failed');
    await message.getByTestId('retry').click();
    await expect.poll(() => message.getAttribute('data-status')).toBe('sent');
    expect(bodies).toHaveLength(2);
    expect(bodies[1]?.clientMsgId).toBe(bodies[0]?.clientMsgId);
    await new Promise((r) => setTimeout(r, 300));
    expect(await message.count()).toBe(1);
    await page.unroute(`**/api/v1/conversations/${shared.channelId}/messages`);
  });

  it('edits, pins and deletes one’s own message, live for the other side', async () => {
    const alice = shared.alice as Page;
    const { page: bob } = await signIn('bob');
    shared.bobPages.push(bob);
    await bob.getByTestId('conversation').filter({ hasText: '# design' }).click();
    const mine = mainMessages(alice).filter({ hasText: 'Third time lucky' });
    await mine.hover();
    await mine.getByTestId('action-edit').click();
    // (In edit mode the text is the textarea's value, no longer the message's text.)
    await mainMessages(alice).getByTestId('edit-input').fill('Fourth time, edited');
    await mainMessages(alice).getByTestId('edit-save').click();
    const edited = mainMessages(alice).filter({ hasText: 'Fourth time, edited' });
    await edited.getByTestId('edited').waitFor();
    const bobsCopy = mainMessages(bob).filter({ hasText: 'Fourth time, edited' });
    await bobsCopy.getByTestId('edited').waitFor(); // live: messaging.message.edited

    await edited.hover();
    await edited.getByTestId('action-pin').click();
    await edited.getByTestId('pinned').waitFor();
    await bobsCopy.getByTestId('pinned').waitFor(); // live: messaging.message.pinned
    await bob.getByTestId('pins-button').click();
    const pins = bob.getByTestId('pins-panel');
    await pins.getByTestId('message-text').filter({ hasText: 'Fourth time, edited' }).waitFor();

    alice.once('dialog', (d) => void d.accept());
    await edited.hover();
    await edited.getByTestId('action-delete').click();
    await expect.poll(() => mainMessages(bob).getByTestId('message-deleted').count()).toBe(1); // live: the tombstone
    expect(await mainMessages(alice).filter({ hasText: 'Fourth time' }).count()).toBe(0);
    // Deleting unpinned it: Bob's pins panel empties, live.
    await expect.poll(() => pins.getByTestId('message').count()).toBe(0);
  });

  it('invites from the member list, and attaches pasted and dropped files', async () => {
    const alice = shared.alice as Page;
    await alice.getByTestId('members-button').click();
    const panel = alice.getByTestId('members-panel');
    await expect.poll(() => panel.getByTestId('member').count()).toBe(2);
    await panel.getByTestId('people-search').fill('Carol');
    await panel.getByTestId('person-result').filter({ hasText: 'Carol Chen' }).click();
    await panel.getByTestId('invite').click();
    await expect.poll(() => panel.getByTestId('member').count()).toBe(3);
    expect(await panel.getByTestId('member').allTextContents()).toContainEqual(
      expect.stringContaining('Carol Chen'),
    );
    await expect.poll(() => alice.getByTestId('members-button').textContent()).toContain('3');

    // A file pasted into the box and one dropped on the composer upload at once.
    await alice.evaluate(`(() => {
      const box = document.querySelector('main [data-testid=composer-input]');
      const pasted = new DataTransfer();
      pasted.items.add(new File(['pasted text'], 'pasted.txt', { type: 'text/plain' }));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
      const dropped = new DataTransfer();
      dropped.items.add(new File(['dropped text'], 'dropped.txt', { type: 'text/plain' }));
      const form = document.querySelector('main form.composer');
      form.dispatchEvent(new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, cancelable: true }));
      form.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    })()`);
    const uploads = alice.locator('main').getByTestId('upload');
    // Uploads are inspected on the server (type by content, image checks): on a busy machine
    // that takes longer than expect.poll's default second.
    await expect
      .poll(
        async () =>
          (await uploads.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).join(),
        { timeout: 15_000 },
      )
      .toBe('done,done');
    await mainComposer(alice).press('Enter'); // files alone, no text
    const sent = mainMessages(alice).filter({ hasText: 'pasted.txt' });
    await expect.poll(() => sent.getAttribute('data-status')).toBe('sent');
    expect(await sent.getByTestId('attachment').allTextContents()).toEqual([
      expect.stringContaining('pasted.txt'),
      expect.stringContaining('dropped.txt'),
    ]);
    await alice.getByTestId('members-button').click(); // closes the panel
  });

  it('long history: the "new messages" divider, jump to first unread, and older pages', async () => {
    // Bob has read everything so far; then 120 messages arrive while he is away.
    for (const page of shared.bobPages) await page.close();
    for (let n = 1; n <= 120; n++)
      await host.api(shared.aliceToken, 'POST', `/conversations/${shared.channelId}/messages`, {
        text: `Backlog ${n}`,
      });
    const { page: bob } = await signIn('bob');
    const link = bob.getByTestId('conversation').filter({ hasText: '# design' });
    await expect.poll(() => link.getByTestId('unread-badge').textContent()).not.toBeNull();
    await link.click();
    const messages = mainMessages(bob);
    await expect.poll(() => messages.count()).toBe(50); // the newest page
    expect(await bob.getByTestId('day-separator').count()).toBe(1);
    // The first unread message is in an older page: no divider yet, but a way to it.
    expect(await bob.getByTestId('unread-divider').count()).toBe(0);
    await bob.getByTestId('jump-to-unread').waitFor();

    // Scrolling to the top loads the page before, and the reader keeps their place.
    const pane = bob.getByTestId('messages');
    const anchor = pane.getByTestId('message-text').filter({ hasText: /^Backlog 71$/ });
    await pane.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect.poll(() => messages.count()).toBe(100);
    expect(await pane.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    expect(await anchor.isVisible()).toBe(true);

    // Jumping to the first unread loads what is left up to it and shows the divider.
    await bob.getByTestId('jump-to-unread').click();
    const divider = bob.getByTestId('unread-divider');
    await divider.waitFor();
    const firstUnread = await divider.evaluate(
      (el) => el.nextElementSibling?.querySelector('[data-testid=message-text]')?.textContent,
    );
    expect(firstUnread).toBe('Backlog 1');
    await expect
      .poll(() =>
        divider.evaluate((el) => {
          const box = el.getBoundingClientRect();
          const view = (el.closest('[data-testid=messages]') as typeof el).getBoundingClientRect();
          return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
        }),
      )
      .toBe(true);
    // With the divider on screen the button would only cover it; scrolled away, it is back.
    await expect.poll(() => bob.getByTestId('jump-to-unread').count()).toBe(0);
    await pane.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await bob.getByTestId('jump-to-unread').waitFor();

    // The same screen in Chinese.
    await bob.getByTestId('language-switch').selectOption('zh-CN');
    expect(await divider.textContent()).toContain('新消息');
    expect(await bob.getByTestId('jump-to-unread').textContent()).toContain('跳到第一条未读');
    await bob.screenshot({ path: `${SCREENSHOTS}/conversation-zh-CN.png` });
  });
});
