// Test harness: the real `gradus` binary on 127.0.0.1:0 over a fresh SQLite database, Debian's
// Chromium through playwright-core with a fresh profile per test, axe-core on every page, and
// screenshots at phone and desktop sizes.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

const here = path.dirname(fileURLToPath(import.meta.url));
export const workspace = path.resolve(here, '..', '..');
export const screenshotDir = path.join(workspace, 'target', 'screenshots');
const binary = process.env.GRADUS_BIN || path.join(workspace, 'target', 'debug', 'gradus');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** Starts `gradus serve` on port 0 and resolves with { base, stop }. */
export async function startServer() {
  assert.ok(existsSync(binary), `no server binary at ${binary}: run cargo build -p gradus`);
  const dir = mkdtempSync(path.join(tmpdir(), 'gradus-web-'));
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--database', `sqlite://${dir}/db`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' },
  });
  let output = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${output}`)), 30000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/running at (http:\/\/[0-9.:]+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => { output += c.toString(); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    base,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh browser profile (its own --user-data-dir) with one page that records console errors,
 * page errors, failed requests and any request that leaves the server's origin.
 */
export async function openBrowser(base, { javaScript = true, timezoneId = undefined } = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), 'gradus-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: PHONE,
    javaScriptEnabled: javaScript,
    timezoneId,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] || (await context.newPage());
  const problems = [];
  const expected = [];
  const origin = new URL(base).origin;
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const text = msg.text();
      const i = expected.findIndex((re) => re.test(text));
      if (i >= 0) {
        expected.splice(i, 1);
      } else {
        problems.push(`console error on ${page.url()}: ${text}`);
      }
    }
  });
  page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure() ? req.failure().errorText : '';
    // A download (the calendar file) is reported as aborted; it is not a failure.
    if (!/ERR_ABORTED/.test(why)) problems.push(`request failed: ${req.url()} ${why}`);
  });
  context.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && !url.startsWith('about:') && new URL(url).origin !== origin) {
      problems.push(`third-party request: ${url}`);
    }
  });
  return {
    context,
    page,
    problems,
    /** Allows one console error matching `re` (a deliberately invalid form answered 422). */
    expectConsoleError(re) { expected.push(re); },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const checked = new Set();

/** Runs axe (WCAG 2.0–2.2 A and AA) on the page as it is now; fails on any violation. */
export async function axe(page, label) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const report = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
    .slice(0, 5)
    .map((n) => n.target.join(' '))
    .join('\n    ')}`);
  assert.deepEqual(report, [], `axe found problems on ${label || page.url()}:\n${report.join('\n')}`);
  checked.add(label || new URL(page.url()).pathname);
}

export function pagesChecked() {
  return [...checked];
}

/** Full-page screenshots at 390×844 and 1280×800, then back to the phone size. */
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  for (const [size, vp] of [['390x844', PHONE], ['1280x800', DESKTOP]]) {
    await page.setViewportSize(vp);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize(PHONE);
}

/** Page weight: the HTML of the current page must stay under 100 KB. */
export async function assertSmall(page) {
  const html = await page.content();
  assert.ok(Buffer.byteLength(html) < 100 * 1024, `${page.url()} is ${Buffer.byteLength(html)} bytes`);
}
