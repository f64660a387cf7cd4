// The web app in a real browser: the full journey from sign-up to a reviewed progress chart, the
// emergency path, and a warning sign at check-in. Every page visited is checked with axe, weighed
// (< 100 KB) and watched for console errors and third-party requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, axe, screenshot, assertSmall, pagesChecked } from '../lib/harness.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  if (server) await server.stop();
  console.log(`axe checked: ${pagesChecked().join(', ')}`);
});

let counter = 0;
function email(tag) {
  counter += 1;
  return `${tag}-${process.pid}-${counter}@example.com`;
}

/** Visits (or lands on) a page: waits for it, then axe and the size check. */
async function check(page, label) {
  await page.waitForLoadState('load');
  await assertSmall(page);
  await axe(page, label);
}

/** Chooses an option the way a person taps it (the big scale buttons are the inputs themselves). */
async function pick(page, name, value) {
  await page.locator(`input[name="${name}"][value="${value}"]`).check();
}

async function continueStep(page, expectStep) {
  await Promise.all([page.waitForURL('**/intake'), page.getByRole('button', { name: 'Continue' }).click()]);
  if (expectStep) {
    await assert.doesNotReject(page.getByText(`Step ${expectStep} of 11`).waitFor());
  }
}

async function signUp(b, who) {
  const { page } = b;
  await page.goto(`${server.base}/`);
  await check(page, 'home');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.waitForURL('**/signup');
  await check(page, 'signup');
  await page.getByLabel('Your first name').fill('Sam');
  await page.getByLabel('Email address').fill(who);
  await page.getByLabel('Choose a password').fill('correct horse battery');
  await Promise.all([page.waitForURL('**/intake'), page.getByRole('button', { name: 'Create my account' }).click()]);
}

/**
 * The intake wizard through its pages, as a person would fill it in. `flags` are warning-sign
 * codes to tick on step 5 (none: tick "None of these").
 */
async function wizard(b, { flags = [], shots = false, exercise = false, stopsAtOnce = false } = {}) {
  const { page } = b;
  // Step 1
  await page.getByText('Step 1 of 11').waitFor();
  if (exercise) await check(page, 'intake step 1');
  if (shots) await screenshot(page, 'intake-1');
  await page.getByLabel('How old are you?').fill('39');
  await pick(page, 'regions', 'low_back');
  await pick(page, 'condition', 'lumbar_disc_herniation');
  await pick(page, 'duration_weeks', '1.5');
  await continueStep(page, 2);
  // Step 2: the 0–10 scales
  if (exercise) await check(page, 'intake step 2');
  if (shots) await screenshot(page, 'intake-2-scales');
  await pick(page, 'pain_now', '4');
  await pick(page, 'pain_average', '4');
  await pick(page, 'pain_worst', '7');
  await pick(page, 'rest_or_night_pain', 'no');
  await continueStep(page, 3);
  if (exercise) {
    // Back and forward again without losing answers.
    await Promise.all([page.waitForURL('**/intake'), page.getByRole('button', { name: 'Back' }).click()]);
    await page.getByText('Step 2 of 11').waitFor();
    assert.equal(await page.locator('input[name="pain_worst"][value="7"]').isChecked(), true, 'answer kept after Back');
    await continueStep(page, 3);
  }
  await pick(page, 'provoked_by', 'moderate');
  await pick(page, 'settle_minutes', '20');
  await continueStep(page, 4);
  if (exercise) {
    // Continue without answering: the errors are listed and shown at each field.
    b.expectConsoleError(/422/);
    await continueStep(page, 4);
    await page.locator('.error-summary').waitFor();
    assert.match(await page.locator('.error-summary').innerText(), /Choose whether the pain spreads/);
    await check(page, 'intake step 4 with errors');
    if (shots) await screenshot(page, 'intake-4-errors');
  }
  await pick(page, 'radiating', 'above_knee');
  await pick(page, 'numbness_or_tingling', 'no');
  await pick(page, 'weakness', 'none');
  await continueStep(page, 5);
  // Step 5: warning signs in plain words
  if (exercise) await check(page, 'intake step 5');
  if (shots) await screenshot(page, 'intake-5-warning-signs');
  if (flags.length === 0) {
    await page.getByLabel('None of these apply to me').check();
  }
  for (const f of flags) {
    await page.locator(`input[value="${f}"]`).check();
  }
  if (stopsAtOnce) {
    // A sign that needs emergency or urgent care ends the questions here.
    await continueStep(page);
    return;
  }
  await continueStep(page, 6);
  await pick(page, 'surgery', 'none');
  await continueStep(page, 7);
  await page.getByLabel('Activity 1').fill('picking up my toddler');
  await pick(page, 'fear1_rating', '70');
  await continueStep(page, 8);
  await page.getByLabel('Activity 1').fill('carry my toddler up the stairs');
  await pick(page, 'goal1_ability', '2');
  await continueStep(page, 9);
  if (exercise) await check(page, 'intake step 9');
  await pick(page, 'minutes_per_session', '15');
  await pick(page, 'sessions_per_week', '5');
  await pick(page, 'equipment', 'mat');
  await pick(page, 'enjoys', 'walking');
  await page.getByLabel('How many minutes can you walk before the pain stops you?').fill('15');
  await continueStep(page, 10);
  // Step 10: the STarT Back tool, its own wording with Keele's copyright line.
  if (exercise) await check(page, 'intake step 10 (STarT Back)');
  if (shots) await screenshot(page, 'intake-10-start-back');
  assert.match(await page.locator('main').innerText(), /© Keele University/);
  for (const f of ['sb_leg_pain', 'sb_walking_limited', 'sb_fear', 'sb_anxiety']) await pick(page, f, 'agree');
  for (const f of ['sb_shoulder_or_neck_pain', 'sb_dressing_slowly', 'sb_catastrophising', 'sb_low_mood']) {
    await pick(page, f, 'disagree');
  }
  await pick(page, 'sb_bothersomeness', 'moderately');
  await continueStep(page, 11);
  await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
  if (exercise) await check(page, 'intake summary');
  if (shots) await screenshot(page, 'intake-11-check-answers');
  assert.match(await page.locator('main').innerText(), /carry my toddler up the stairs/);
  await Promise.all([page.waitForURL('**/result'), page.getByRole('button', { name: 'See my result' }).click()]);
}

async function assertNoProblems(b) {
  assert.deepEqual(b.problems, [], b.problems.join('\n'));
}

test('full journey: sign up, intake, plan, guided session, check-in, progress, review', async () => {
  // A person in Los Angeles: the browser's time zone is stored at sign-up.
  const b = await openBrowser(server.base, { timezoneId: 'America/Los_Angeles' });
  const { page } = b;
  try {
    await page.goto(`${server.base}/`);
    await screenshot(page, 'home');
    await signUp(b, email('journey'));
    await wizard(b, { shots: true, exercise: true });

    // Result: review level, the plan is ready with advice to see a doctor.
    await page.getByRole('heading', { name: 'Your plan is ready' }).waitFor();
    assert.match(await page.locator('main').innerText(), /see a doctor/i);
    await check(page, 'result');
    await screenshot(page, 'result');
    await Promise.all([page.waitForURL('**/plan'), page.getByRole('link', { name: 'See my plan' }).click()]);

    // Plan: cards with dose, sides, why and instructions; ladder; lessons; calendar.
    await check(page, 'plan');
    // The STarT Back answers (4 of 9, 2 on worry and mood: medium risk, Hill 2008) are explained.
    assert.match(await page.locator('main').innerText(), /STarT Back answers \(4 of 9\) put you at medium risk/);
    const main = page.locator('main');
    for (const text of ['Pelvic Tilt', 'Bird Dog', 'both sides', 'confidence ladder', 'Lessons for you', 'Start this session']) {
      assert.ok((await main.innerText()).includes(text), `plan lacks ${text}`);
    }
    await page.locator('.card summary').first().click();
    assert.ok(await page.locator('.card details[open] ol.steps li').first().isVisible(), 'instructions open');
    await screenshot(page, 'plan');
    const ics = await page.request.get(`${server.base}/plan.ics`);
    assert.equal(ics.status(), 200);
    const cal = await ics.text();
    assert.match(cal, /^BEGIN:VCALENDAR\r\n/);
    assert.match(cal, /\r\nRRULE:FREQ=WEEKLY;BYDAY=[A-Z,]+\r\n/);

    // Guided session at 20× speed.
    await page.goto(`${server.base}/session?speed=20`);
    await page.locator('#player:not([hidden])').waitFor();
    await check(page, 'session player');
    await pick(page, 'pain_before', '4');
    await screenshot(page, 'session-start');
    const items = await page.locator('.log-item').evaluateAll((els) => els.map((e) => ({
      ex: e.dataset.ex, minutes: Number(e.dataset.minutes), hold: Number(e.dataset.hold),
      side: e.dataset.side === 'true', easier: !!e.querySelector('.easier-src'),
    })));
    assert.ok(items.length >= 3, 'a session with several exercises');
    assert.ok(items.some((i) => i.hold > 0), 'the session has holds');
    const state = () => page.locator('#player').getAttribute('data-state');
    const waitNext = async (i) => {
      await page.waitForFunction((n) => {
        const r = document.getElementById('player');
        return r.dataset.state === 'finished'
          || (r.dataset.state === 'ready' && document.getElementById('p-progress').textContent === `Exercise ${n} of ${document.querySelectorAll('.log-item').length}`);
      }, i + 2, { timeout: 60000 });
    };
    let usedEasier = false;
    let skipped = false;
    let paused = false;
    let sawOtherSide = false;
    let shotHold = false;
    let keyboard = false;
    for (let i = 0; i < items.length; i += 1) {
      const it = items[i];
      assert.equal(await state(), 'ready');
      if (it.minutes > 0) {
        await page.locator('#p-start').click();
        const first = await page.locator('#p-big').innerText();
        await page.waitForFunction((f) => document.getElementById('p-big').textContent !== f, first);
        // The running clock pulses, except for people who ask for less motion.
        assert.notEqual(await page.locator('.p-clock').evaluate((e) => getComputedStyle(e).animationName), 'none');
        await page.emulateMedia({ reducedMotion: 'reduce' });
        assert.equal(await page.locator('.p-clock').evaluate((e) => getComputedStyle(e).animationName), 'none');
        await page.emulateMedia({ reducedMotion: null });
        await page.getByRole('button', { name: 'Done, next exercise' }).click();
      } else if (it.easier && !usedEasier) {
        usedEasier = true;
        await page.getByRole('button', { name: 'Too hard' }).click();
        await page.locator('#p-easier:not([hidden])').waitFor();
        const easierName = await page.locator('#p-easier-name').innerText();
        assert.ok(easierName.length > 0, 'easier variant named');
        assert.ok(await page.locator('#p-easier-steps li').count() > 0, 'easier instructions shown');
        await check(page, 'session: too hard');
        await screenshot(page, 'session-too-hard');
        await page.getByRole('button', { name: 'Do the easier one instead' }).click();
        assert.match(await page.locator('#p-name').innerText(), /easier version/);
        await page.locator('#p-start').click();
        await waitNext(i);
      } else if (!skipped && it.hold === 0 && !it.side && i > 1) {
        skipped = true;
        await page.getByRole('button', { name: 'Skip this one' }).click();
      } else {
        if (!keyboard && (await page.evaluate(() => document.activeElement && document.activeElement.id)) === 'p-start') {
          keyboard = true;
          await page.keyboard.press('Space');
        } else {
          await page.locator('#p-start').click();
        }
        if (!paused && it.hold === 0) {
          paused = true;
          await page.locator('#p-pause').click();
          assert.equal(await state(), 'paused');
          const frozen = await page.locator('#p-big').innerText();
          await page.waitForTimeout(300);
          assert.equal(await page.locator('#p-big').innerText(), frozen, 'the clock stops while paused');
          await page.getByRole('button', { name: 'Resume' }).click();
          await page.locator('.pain-btn[data-pain="3"]').click();
        }
        if (it.hold > 0 && !shotHold) {
          await page.waitForFunction(() => document.getElementById('p-phase').textContent.startsWith('Hold'));
          shotHold = true;
          await screenshot(page, 'session-hold');
        }
        if (it.side) {
          await page.waitForFunction(() => document.getElementById('p-phase').textContent.includes('other side')
            || document.getElementById('player').dataset.state !== 'running', null, { timeout: 60000 });
          sawOtherSide = sawOtherSide || (await page.locator('#p-phase').innerText()).includes('other side');
        }
        await waitNext(i);
      }
    }
    assert.ok(usedEasier && skipped && paused && shotHold && keyboard, 'too hard, skip, pause, a hold and the keyboard all used');
    assert.ok(sawOtherSide, '"now the other side" shown for an each-side exercise');
    assert.equal(await state(), 'finished');
    await page.locator('#after-parts:not([hidden])').waitFor();
    assert.equal(await page.locator('input[name="pain_during"][value="3"]').isChecked(), true, 'pain during carried from the player');
    await pick(page, 'pain_after', '3');
    await check(page, 'session finished');
    await screenshot(page, 'session-finished');
    await Promise.all([page.waitForURL('**/session/saved'), page.getByRole('button', { name: 'Save this session' }).click()]);
    await check(page, 'session saved');

    // Progress before the check-in: one point from the session's "pain before".
    await page.goto(`${server.base}/progress`);
    await check(page, 'progress');
    assert.equal(await page.locator('svg.chart circle.pt title').first().textContent().then((t) => /4\/10/.test(t)), true);
    assert.match(await page.locator('main').innerText(), /1 session/);

    // Check-in.
    await page.getByRole('link', { name: 'Check-in', exact: true }).click();
    await page.waitForURL('**/checkin');
    await check(page, 'checkin');
    await pick(page, 'pain', '3');
    await pick(page, 'stiffness', '2');
    await pick(page, 'goal_0', '4');
    await screenshot(page, 'checkin');
    await Promise.all([page.waitForURL('**/progress?saved=checkin'), page.getByRole('button', { name: 'Save my check-in' }).click()]);
    await check(page, 'progress after check-in');
    assert.match(await page.locator('.notice').innerText(), /Check-in saved/);
    const titles = await page.locator('svg.chart circle.pt title').allTextContents();
    assert.ok(titles.some((t) => /3\/10/.test(t)), `the check-in's pain is on the chart: ${titles}`);
    assert.ok(await page.locator('#adh-t').count() === 1, 'adherence calendar');
    assert.ok(await page.locator('svg.chart g.day.one').count() >= 1, 'a day with a session');
    assert.ok(await page.locator('svg.chart .gm').count() >= 1, 'a goal point');

    // Review.
    await Promise.all([page.waitForURL('**/progress?saved=review*'), page.getByRole('button', { name: 'Review my progress' }).click()]);
    await check(page, 'progress with review');
    const review = await page.locator('#review-section').innerText();
    assert.match(review, /Step up|Hold|Ease back|care team/);
    assert.match(review, /Why/);
    await screenshot(page, 'progress');

    // Lessons and account.
    await page.getByRole('link', { name: 'Lessons' }).click();
    await page.waitForURL('**/lessons');
    await check(page, 'lessons');
    await screenshot(page, 'lessons');
    await page.locator('.lesson-list a').first().click();
    await page.waitForURL('**/lessons/*');
    await check(page, 'lesson');
    await screenshot(page, 'lesson');
    await page.getByRole('link', { name: 'Account' }).click();
    await page.waitForURL('**/account');
    assert.match(await page.locator('main').innerText(), /America\/Los_Angeles/, 'the browser time zone was stored at sign-up');
    await check(page, 'account');
    await screenshot(page, 'account');
    await page.getByRole('link', { name: 'Delete my account' }).click();
    await check(page, 'delete account');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin?signed_out=1');
    await check(page, 'signin');
    await screenshot(page, 'signin');
    await assertNoProblems(b);
  } finally {
    await b.close();
  }
});

test('emergency: saddle numbness shows the stop screen and no plan anywhere', async () => {
  const b = await openBrowser(server.base);
  const { page } = b;
  try {
    await signUp(b, email('emergency'));
    await wizard(b, { flags: ['saddle_numbness'], stopsAtOnce: true });
    await page.getByRole('heading', { name: 'Go to an emergency department now' }).waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /How soon/);
    assert.match(text, /today/);
    assert.match(text, /Numbness/);
    assert.match(text, /stopped the questions here/);
    assert.doesNotMatch(text, /Step 6 of 11/);
    await check(page, 'stop screen (emergency)');
    await screenshot(page, 'stop-emergency');
    for (const path of ['/plan', '/session', '/checkin', '/progress']) {
      await page.goto(`${server.base}${path}`);
      await check(page, `${path} after an emergency`);
      const body = await page.locator('main').innerText();
      assert.doesNotMatch(body, /Start this session|Pelvic Tilt|How to do it|Review my progress/, `${path} shows a plan`);
      // Nothing was stored: the pages ask for the questions again, never show a plan.
    }
    const ics = await page.request.get(`${server.base}/plan.ics`);
    assert.equal(ics.status(), 404);
    await assertNoProblems(b);
  } finally {
    await b.close();
  }
});

test('check-in with a new warning sign shows the stop screen at once', async () => {
  const b = await openBrowser(server.base);
  const { page } = b;
  try {
    await signUp(b, email('warning'));
    await wizard(b);
    await page.getByRole('heading', { name: 'Your plan is ready' }).waitFor();
    await page.goto(`${server.base}/checkin`);
    await pick(page, 'pain', '5');
    await pick(page, 'stiffness', '4');
    await page.getByLabel(/New trouble passing urine/).check();
    await page.getByRole('button', { name: 'Save my check-in' }).click();
    await page.getByRole('heading', { name: 'Go to an emergency department now' }).waitFor();
    assert.match(await page.locator('main').innerText(), /new warning sign/);
    await check(page, 'stop screen (check-in)');
    await screenshot(page, 'stop-checkin');
    await page.goto(`${server.base}/plan`);
    assert.match(await page.locator('main').innerText(), /Go to an emergency department now/);
    assert.equal(await page.getByText('Start this session').count(), 0);
    await assertNoProblems(b);
  } finally {
    await b.close();
  }
});

test('without JavaScript: the wizard, a whole session and a check-in still work', async () => {
  const b = await openBrowser(server.base, { javaScript: false });
  const { page } = b;
  try {
    await page.goto(`${server.base}/signup`);
    await page.getByLabel('Email address').fill(email('nojs'));
    await page.getByLabel('Choose a password').fill('correct horse battery');
    await Promise.all([page.waitForURL('**/intake'), page.getByRole('button', { name: 'Create my account' }).click()]);
    await wizard(b);
    await page.getByRole('heading', { name: 'Your plan is ready' }).waitFor();
    await page.goto(`${server.base}/session`);
    // No player: the plain form lists every exercise, ticked as done.
    assert.equal(await page.locator('#player').isVisible(), false);
    const boxes = page.locator('.log-item input[type="checkbox"]');
    assert.ok(await boxes.count() >= 3);
    assert.equal(await boxes.first().isChecked(), true);
    await boxes.nth(1).uncheck();
    await pick(page, 'pain_before', '4');
    await pick(page, 'pain_during', '3');
    await pick(page, 'pain_after', '3');
    await Promise.all([page.waitForURL('**/session/saved'), page.getByRole('button', { name: 'Save this session' }).click()]);
    await page.goto(`${server.base}/checkin`);
    await pick(page, 'pain', '3');
    await pick(page, 'stiffness', '2');
    await Promise.all([page.waitForURL('**/progress?saved=checkin'), page.getByRole('button', { name: 'Save my check-in' }).click()]);
    assert.match(await page.locator('main').innerText(), /1 session logged/);
    await screenshot(page, 'progress-without-js');
    await assertNoProblems(b);
  } finally {
    await b.close();
  }
});
