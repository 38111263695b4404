/**
 * Chat end to end, as people use it (issue 3): two users sign up in two Chromium contexts and write to
 * each other through the UI and the real service. Typing shows on the other side, the sender's message
 * goes sent → delivered → read, the unread badges count and clear when the conversation opens, and the
 * conversation is there again after a reload (history from the service).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { openSignedUp, screenshot, waitUntilRegistered } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };

/** The state words of the newest outgoing message ("Sent", "Delivered", "Read"…). */
const lastOutgoingState = (page: Page) =>
  page.locator('.chat-message.mine').last().locator('.chat-state').getAttribute('title');

describe('chat in the browser', () => {
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium();
    a = await openSignedUp(browser, service.baseUrl, alice);
    b = await openSignedUp(browser, service.baseUrl, bob, { colorScheme: 'dark' });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('Alice writes to Bob: typing shows, the badge counts, opening clears it, states go delivered → read', async () => {
    // Alice finds Bob in the directory and opens a conversation from his row.
    await a.getByRole('searchbox', { name: 'Search users' }).fill('bo');
    await a.getByRole('button', { name: 'Message bob', exact: true }).click();
    const view = a.getByRole('region', { name: 'Conversation with Bob Builder' });
    await view.waitFor();
    const box = view.getByRole('textbox', { name: 'Message', exact: true });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);

    // Bob sees "typing…" while Alice composes.
    await box.pressSequentially('Hi Bob! Lunch at 12? ', { delay: 20 });
    const bobList = b.getByRole('list', { name: 'Conversations' });
    await bobList.getByText('typing…', { exact: true }).waitFor({ timeout: 10_000 });
    await box.pressSequentially('Menu: https://example.com/menu', { delay: 5 });
    await view.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => box.inputValue()).toBe('');

    // Bob: one unread, on the conversation and in total; Alice: delivered (Bob's device has it).
    const fromAlice = bobList.getByRole('button', { name: 'Message Alice Example', exact: true });
    await fromAlice.getByText('1 unread').waitFor();
    await b.getByRole('heading', { name: /Messages\s*1 unread/ }).waitFor();
    await expect.poll(() => lastOutgoingState(a), { timeout: 10_000 }).toBe('Delivered');
    await screenshot(b, 'chat-bob-unread');

    // Bob opens the conversation: the badges clear, Alice's message turns read.
    await fromAlice.click();
    const bobView = b.getByRole('region', { name: 'Conversation with Alice Example' });
    await bobView.getByText('Hi Bob! Lunch at 12?', { exact: false }).waitFor();
    const link = bobView.getByRole('link', { name: 'https://example.com/menu' });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await expect.poll(() => b.locator('.chat-badge').count()).toBe(0);
    await expect.poll(() => lastOutgoingState(a), { timeout: 10_000 }).toBe('Read');

    // Bob answers; Alice has the conversation open, so it arrives read and shows at once.
    await bobView.getByRole('textbox', { name: 'Message', exact: true }).fill('Yes! See you there.');
    await b.keyboard.press('Enter');
    await view.getByText('Yes! See you there.').waitFor();
    await expect.poll(() => lastOutgoingState(b), { timeout: 10_000 }).toBe('Read');
    expect(await a.locator('.chat-badge').count()).toBe(0);

    // A message over the limit is refused before sending, with a clear error and the draft kept.
    await box.fill('x'.repeat(4001));
    await view.getByText(/at most 4,000 characters/).waitFor();
    await box.fill('Great, booked a table at Café Nord.');
    await box.press('Enter');
    await bobView.getByText('Great, booked a table at Café Nord.').waitFor();

    await screenshot(a, 'chat-alice');
    await screenshot(b, 'chat-bob');
  });

  it('the conversation is there after a reload (history from the service)', async () => {
    await b.reload();
    await waitUntilRegistered(b);
    const fromAlice = b
      .getByRole('list', { name: 'Conversations' })
      .getByRole('button', { name: /^Message (Alice Example|alice)$/ });
    await fromAlice.click();
    const bobView = b.getByRole('region', { name: /^Conversation with (Alice Example|alice)$/ });
    await bobView.getByText('Great, booked a table at Café Nord.').waitFor();
    const bodies = await bobView.locator('.chat-message .chat-text').allTextContents();
    expect(bodies).toEqual([
      'Hi Bob! Lunch at 12? Menu: https://example.com/menu',
      'Yes! See you there.',
      'Great, booked a table at Café Nord.',
    ]);
  });
});
