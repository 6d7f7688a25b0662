// What the browser tests stand on: the real `sanad serve` on a fresh SQLite database
// filled by `sanad demo`, headless Debian Chromium driven by playwright-core, axe-core
// injected into pages, screenshots at phone and desktop widths, and a small
// sequential runner that prints "N passed, M failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');
export const SKIP = 77;

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1366, height: 900 };

/* The test's node packages live in web/node_modules, with the build's. */
const requireWeb = createRequire(join(ROOT, 'web', 'package.json'));

/* What is missing to run, as a reason to skip; null when everything is there. */
export function missingPrerequisite(chromiumPath) {
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install chromium)`;
  try {
    requireWeb.resolve('playwright-core');
    requireWeb.resolve('axe-core/axe.min.js');
  } catch {
    return 'web/node_modules is missing (cd web && npm ci)';
  }
  return null;
}

export function loadPlaywright() {
  return requireWeb('playwright-core');
}

const axeSource = () => readFileSync(requireWeb.resolve('axe-core/axe.min.js'), 'utf8');

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* `sanad demo` then `sanad serve` on a fresh database in a temporary folder. */
export async function startServer({ bin, webDir }) {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-web-'));
  const db = `sqlite:${join(dir, 'sanad.db')}`;
  const demo = spawnSync(bin, ['demo', '--db', db], { encoding: 'utf8' });
  if (demo.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`sanad demo failed: ${demo.stderr}`);
  }
  const port = await freePort();
  const log = [];
  const proc = spawn(
    bin,
    [
      'serve',
      '--db',
      db,
      '--listen',
      `127.0.0.1:${port}`,
      '--rate-limit',
      '0',
      '--web-dir',
      webDir,
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  proc.stderr.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let waited = 0; ; waited += 100) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop };
    } catch {
      /* not listening yet */
    }
    if (proc.exitCode !== null || waited > 30000) {
      await stop();
      throw new Error(`sanad serve did not answer /healthz: ${log.join('')}`);
    }
    await sleep(100);
  }
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/* Playwright gives each launch a fresh temporary profile (its --user-data-dir). */
export async function launchBrowser(chromiumPath) {
  const { chromium } = loadPlaywright();
  return chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
    timeout: 60000,
  });
}

/* A new browser context (its own cookies and storage) of the given size. Every
 * Content-Security-Policy violation and uncaught page error is recorded in
 * `problems`, which the runner checks after each test. */
export async function newPage(browser, baseURL, viewport, problems) {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'fr-MA',
    timezoneId: 'Africa/Casablanca',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
      problems.push(`CSP: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}

/* Runs axe-core on the page; throws when it finds a serious or critical violation. */
export async function checkAccessibility(page, label) {
  /* Evaluated through the DevTools protocol: the page's CSP forbids inline scripts. */
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length)
    throw new Error(
      `axe (${label}): ${bad.map((v) => `${v.impact} ${v.id} — ${v.help} — ${v.nodes.join(', ')}`).join('; ')}`,
    );
}

/* A full-page screenshot in test-artifacts/web/. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({
    path: join(ARTIFACTS, `${name}.png`),
    fullPage: true,
  });
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function assertEqual(actual, expected, message) {
  if (actual !== expected)
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/* Screenshots of every open page, to see what a failed test saw. */
async function failureScreenshots(browser, n) {
  const pages = browser.contexts().flatMap((c) => c.pages());
  for (const [i, p] of pages.entries()) await screenshot(p, `FAILED-${n}-${i}`).catch(() => undefined);
}

/* Runs the tests in order (later ones build on what earlier ones registered),
 * reports each, and returns the counts. */
export async function runAll(tests, problems, browser) {
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of tests) {
    problems.length = 0;
    const started = Date.now();
    try {
      await fn();
      if (problems.length) throw new Error(problems.join('\n'));
      passed++;
      console.log(`ok      ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      await failureScreenshots(browser, passed + failed);
      console.log(
        `FAILED  ${name}\n        ${String(e?.stack ?? e)
          .split('\n')
          .slice(0, 6)
          .join('\n        ')}`,
      );
    }
  }
  return { passed, failed };
}
