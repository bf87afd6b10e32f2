import { DateTime } from 'luxon';
import { ensureBatchDirs } from '../../services/batch-dirs';
import type { CallListener } from '../../services/call-listener';
import { screenshot, useBrowser } from '../support/browser';
import { consultationAnswered, customerWithEmail, newPhone, surveyLinkSentTo } from '../support/callbacks';
import { closeTestSenders } from '../support/mail';
import { defaultCalendar, toNextWorkingMorning } from '../support/sla-time';
import { useBatchEnvironment } from '../support/subscriber-batch';
import { telephonyPeer } from '../support/telephony-peer';
import type { TestPlatform } from '../support/test-platform';
import { recordWhere } from '../support/work-orders';
import { isActive, logIn, openWorkOrder, statusOf, untilShown } from './pages';
import { usePortal } from './portal-server';

/**
 * The automated callback as people see it: the work-order page shows the callback running
 * (its attempts, the next call) and then its outcome; the customer answers the e-mail survey on
 * the public page in a real browser.
 */
describe('customer callback in the portal', () => {
  let listener: CallListener | undefined;
  afterAll(async () => {
    await listener?.close();
    closeTestSenders();
  });
  useBatchEnvironment();
  const portal = usePortal();
  const browser = useBrowser();
  const tp = (): TestPlatform => portal().platform!;

  beforeAll(async () => {
    listener = tp().platform.listenToCalls();
    await ensureBatchDirs(tp().platform.subscriberImports.dirs);
  });
  afterAll(() => {
    expect(browser().pageErrors).toEqual([]);
  });

  /** The next working day at 09:05, inside the morning calling window. */
  async function inAWindow(): Promise<void> {
    const opening = await toNextWorkingMorning(tp(), await defaultCalendar(tp()));
    await tp().clock.advanceTo(DateTime.fromJSDate(opening, { zone: 'Asia/Shanghai' }).set({ hour: 9, minute: 5 }).toJSDate());
  }

  test('the work-order page shows the callback calling back, then its attempts and outcome', async () => {
    // given a customer whose line is busy at first, called inside a window
    const phone = newPhone();
    await telephonyPeer.setRule(phone, { outcome: 'busy' });
    await inAWindow();
    const id = await consultationAnswered(tp(), phone, { customerName: 'Lin Fang 林芳' });
    const waiting = await recordWhere(tp(), id, (doc) => doc.callbacks.at(-1)?.state === 'waiting' && doc.waitingForCustomer !== undefined);

    // when the agent opens the work order while the callback waits for its next call
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'agent-0101');
    await openWorkOrder(page, portal().baseUrl, id);
    await untilShown(page, () => isActive(page, 'Activity_Callback'), 'the callback as the current step');

    // then the header says it is calling back, and the callback section lists the busy attempt and the next call
    expect(await page.locator('[data-testid=calling-back]').textContent()).toContain('attempt 2');
    const section = page.locator('[data-testid=callbacks]');
    expect(await section.textContent()).toContain('#1');
    expect(await section.textContent()).toContain('Busy');
    expect(await section.textContent()).toContain('Next call at');
    await page.locator('[data-testid=callbacks]').scrollIntoViewIfNeeded();
    await screenshot(page, 'e2e-callback-01-calling-back');

    // when the customer answers the next call and presses 1
    await telephonyPeer.setRule(phone, { outcome: 'answered', dtmf: '1' });
    await tp().clock.advanceTo(waiting.callbacks.at(-1)!.waitingUntil!, 1_000);
    await recordWhere(tp(), id, (doc) => doc.status === 'closed');

    // then the page shows the work order closed, both attempts and the result
    await page.reload();
    await untilShown(page, async () => (await statusOf(page)) === 'closed', 'the work order closed');
    const text = (await section.textContent()) ?? '';
    expect(text).toContain('#2');
    expect(text).toContain('Satisfied');
    await page.locator('[data-testid=callbacks]').scrollIntoViewIfNeeded();
    await screenshot(page, 'e2e-callback-02-satisfied');
  });

  test('the customer answers the e-mail survey on the public page', async () => {
    // given a customer the subscriber store knows with an e-mail address, on a number that does not exist
    const phone = newPhone();
    const email = `survey-${phone}@example.cn`;
    await customerWithEmail(tp(), phone, email);
    await telephonyPeer.setRule(phone, { outcome: 'invalid-number' });
    await inAWindow();
    const id = await consultationAnswered(tp(), phone, { customerName: 'Lin Fang 林芳' });
    await recordWhere(tp(), id, (doc) => doc.callbacks.at(-1)?.state === 'survey');

    // when the customer opens the link of the survey mail
    const link = await surveyLinkSentTo(tp(), email);
    const page = await browser().newPage();
    await page.goto(`${portal().baseUrl}${link}`);
    await page.locator('form').waitFor();
    await screenshot(page, 'e2e-callback-03-survey-form');

    // and says they are not satisfied because it took too long
    await page.locator('input[value=not-satisfied]').check();
    await page.locator('select[name=reason]').selectOption('too-slow');
    await page.locator('textarea[name=comment]').fill('三天才回复');
    await page.locator('button[type=submit]').click();

    // then the page thanks them, and the work order goes back to handling with the reason
    await page.locator('h1', { hasText: 'Thank you' }).waitFor();
    await screenshot(page, 'e2e-callback-04-survey-thanks');
    const reopened = await recordWhere(tp(), id, (doc) => doc.reopenCount === 1);
    expect(reopened.callbacks.at(-1)!.result).toMatchObject({ outcome: 'not-satisfied', reason: 'too-slow: 三天才回复' });
    await tp().platform.zeebe.cancelProcessInstance(reopened.processInstanceKey!);
  });
});
