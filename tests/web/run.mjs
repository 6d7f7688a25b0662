// End-to-end tests of the web interface in headless Chromium against the real
// `sanad serve` (demo data on a fresh SQLite database): public registration in
// Arabic on a phone and in French on a desktop (valid, invalid, duplicate), the
// status check, the first-load budget of the registration page, and the staff back
// office — a regional coordinator who sees her region only, reviews a probable
// duplicate side by side, takes an application to "accepted" and corrects an
// applicant's data (valid, refused by the form, refused by the server, cancelled, in
// Arabic; no button for a role that may not change applications), bulk transitions,
// an import whose dry run reports a bad row, the dashboard, programme settings and
// user management. axe-core checks every page; screenshots of the main pages at
// 360×740 and 1366×900 go to test-artifacts/web/.
//
//   node tests/web/run.mjs        (SANAD_BIN, default build/sanad; SANAD_WEB_DIR,
//                                   default web/dist; CHROMIUM, default /usr/bin/chromium)
// Prints "N passed, M failed"; exits 0, 1 on a failure, 77 when Chromium or
// web/node_modules is missing.
import { writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS,
  DESKTOP,
  PHONE,
  ROOT,
  SKIP,
  assert,
  assertEqual,
  checkAccessibility,
  launchBrowser,
  missingPrerequisite,
  newPage,
  runAll,
  screenshot,
  startServer,
} from './harness.mjs';

const BIN = process.env.SANAD_BIN ?? join(ROOT, 'build', 'sanad');
const WEB_DIR = process.env.SANAD_WEB_DIR ?? join(ROOT, 'web', 'dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const BUDGET = 150 * 1024;

const missing = missingPrerequisite(CHROMIUM);
if (missing) {
  console.log(`skipped: ${missing}`);
  process.exit(SKIP);
}
for (const [what, path] of [
  ['server binary', BIN],
  ['built web interface', join(WEB_DIR, 'index.html')],
]) {
  if (!existsSync(path)) {
    console.log(`no ${what} at ${path} (run scripts/build.sh)`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

/* The server and the browser, or the reason they could not start. */
async function start() {
  const server = await startServer({ bin: BIN, webDir: WEB_DIR });
  try {
    return { server, browser: await launchBrowser(CHROMIUM) };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

let started;
try {
  started = await start();
} catch (e) {
  console.log(`could not start: ${e.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const { server, browser } = started;
const problems = [];
const page = (viewport) => newPage(browser, server.url, viewport, problems);

/* ---- Test data and helpers ---- */

let serial = Math.floor(Math.random() * 400000) + 100000;
const freshCin = () => `WB${serial++}`;
const freshPhone = () => `06${String(serial++).padStart(8, '0')}`;

/* What the tests register and then find in the back office. */
const state = { ar: null, fr: null };

async function chooseLanguage(p, name) {
  await p.getByRole('button', { name, exact: true }).click();
}

async function fillRegistration(p, a) {
  for (const f of [
    'cin',
    'first_name',
    'last_name',
    'first_name_ar',
    'last_name_ar',
    'birth_date',
    'phone',
    'email',
    'commune',
    'project_idea',
  ])
    if (a[f] !== undefined) await p.fill(`#${f}`, a[f]);
  if (a.region) await p.selectOption('#region', a.region);
  if (a.province) await p.selectOption('#province', a.province);
  if (a.education) await p.selectOption('#education', a.education);
  if (a.situation) await p.selectOption('#situation', a.situation);
  if (a.consent) await p.check('#consent');
}

/* Counts the registration requests a page sends. */
/* The applicant's fields laid out right to left: a label's text starts at the
 * right edge of its field, and the Arabic names come first. */
async function assertArabicApplicantForm(p) {
  const box = await p.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('label[for=cin]'));
    const text = range.getBoundingClientRect();
    const input = document.getElementById('cin').getBoundingClientRect();
    return { textLeft: text.left, textRight: text.right, inputLeft: input.left, inputRight: input.right };
  });
  assert(
    Math.abs(box.textRight - box.inputRight) < 3,
    `label text ends at the right edge: ${JSON.stringify(box)}`,
  );
  assert(box.textLeft > box.inputLeft + 40, `label text leaves the left side free: ${JSON.stringify(box)}`);
  const arabicFirst = await p.evaluate(
    () =>
      !!(
        document
          .getElementById('first_name_ar')
          .compareDocumentPosition(document.getElementById('first_name')) & Node.DOCUMENT_POSITION_FOLLOWING
      ),
  );
  assert(arabicFirst, 'Arabic name fields come first in Arabic');
}

function countRegistrations(p) {
  const seen = { n: 0 };
  p.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/v1\/programs\/[^/]+\/applications$/.test(r.url())) seen.n++;
  });
  return seen;
}

async function textOf(p, selector) {
  return (await p.locator(selector).first().innerText()).trim();
}

async function login(p, username, password, lang = 'fr') {
  await p.goto('/staff');
  await p.waitForURL(/\/login/);
  await p.fill('#username', username);
  await p.fill('#password', password);
  await p.getByRole('button', { name: lang === 'ar' ? 'الدخول' : 'Se connecter' }).click();
  await p.waitForURL(/\/staff\/applications|\/staff\/dashboard/);
}

/* The answer to GET `path` of the API, asked as admin. */
async function adminGet(path) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'sanad-demo-admin' }),
  });
  const cookie = res.headers.get('set-cookie').split(';')[0];
  return (await fetch(`${server.url}/api/v1${path}`, { headers: { cookie } })).json();
}

/* The id of one application of `region`. */
async function applicationIdIn(region) {
  return (await adminGet(`/applications?region=${region}&limit=1`)).items[0].id;
}

/* The bodies of the corrections (PATCH of an application) that page `p` sends
 * until stop(). */
function recordCorrections(p) {
  const bodies = [];
  const listen = (r) => {
    if (r.method() === 'PATCH' && /\/api\/v1\/applications\/\d+$/.test(r.url()))
      bodies.push(r.postDataJSON());
  };
  p.on('request', listen);
  return { bodies, stop: () => p.off('request', listen) };
}

/* ---- The tests ---- */

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('home page lists the open programme, in French and Arabic', async () => {
  const p = await page(DESKTOP);
  await p.goto('/');
  assertEqual(await textOf(p, 'h1'), 'Programmes ouverts aux inscriptions', 'French title');
  assert((await textOf(p, '.cards')).includes('Programme Jisr'), 'the demo programme is listed');
  await checkAccessibility(p, 'home fr');
  await screenshot(p, 'home-fr-desktop');
  const phone = await page(PHONE);
  await phone.goto('/');
  await chooseLanguage(phone, 'العربية');
  assertEqual(await textOf(phone, 'h1'), 'البرامج المفتوحة للتسجيل', 'Arabic title');
  assertEqual(await phone.getAttribute('html', 'dir'), 'rtl', 'html dir');
  assert((await textOf(phone, '.cards')).includes('برنامج جسر'), 'the programme in Arabic');
  await checkAccessibility(phone, 'home ar');
  await screenshot(phone, 'home-ar-phone');
  await p.context().close();
  await phone.context().close();
});

test('registration page: first load within 150 KB compressed, fits a 360-pixel screen', async () => {
  const p = await page(PHONE);
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const responses = new Map();
  let total = 0;
  cdp.on('Network.responseReceived', (e) => responses.set(e.requestId, e.response));
  cdp.on('Network.loadingFinished', (e) => {
    total += e.encodedDataLength;
  });
  const document = await p.goto('/register/JISR', { waitUntil: 'networkidle' });
  await p.waitForSelector('#cin');
  assert(
    !/max-age=31536000/.test(document.headers()['cache-control'] ?? ''),
    'index.html is not cached long',
  );
  const files = [...responses.values()].filter((r) => /\.(js|css)$/.test(new URL(r.url).pathname));
  for (const r of files) {
    const h = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
    assertEqual(h['content-encoding'], 'gzip', `${r.url} compressed`);
    assert(/max-age=31536000/.test(h['cache-control'] ?? ''), `${r.url} cached for a year`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(
    join(ARTIFACTS, 'first-load.json'),
    JSON.stringify(
      {
        page: '/register/JISR',
        bytes: total,
        requests: responses.size,
        budget: BUDGET,
      },
      null,
      2,
    ),
  );
  console.log(
    `        first load of /register/JISR: ${total} bytes in ${responses.size} responses (budget ${BUDGET})`,
  );
  assert(total <= BUDGET, `first load ${total} bytes exceeds ${BUDGET}`);
  const width = await p.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= PHONE.width, `no horizontal scrolling at 360 px (page is ${width} px wide)`);
  await p.context().close();
});

test('Arabic registration on a phone: right-to-left layout and inline validation', async () => {
  const p = await page(PHONE);
  const posts = countRegistrations(p);
  await p.goto('/register/JISR');
  await chooseLanguage(p, 'العربية');
  assertEqual(await p.getAttribute('html', 'lang'), 'ar', 'html lang');
  assertEqual(await p.getAttribute('html', 'dir'), 'rtl', 'html dir');
  await assertArabicApplicantForm(p);
  await screenshot(p, 'register-ar-phone');
  await checkAccessibility(p, 'register ar');

  await p.fill('#cin', 'A1B2');
  await p.fill('#first_name_ar', 'Fatima');
  await p.fill('#phone', '12345');
  await p.locator('#phone').blur();
  assert((await textOf(p, '#cin-error')).includes('حرف أو حرفان'), 'CIN error in Arabic');
  assert((await textOf(p, '#first_name_ar-error')).includes('بالحروف العربية'), 'wrong script in Arabic');
  assert((await textOf(p, '#phone-error')).includes('رقم مغربي'), 'phone error in Arabic');
  await p.getByRole('button', { name: 'إرسال طلب التسجيل' }).click();
  const summary = p.locator('.notice-error[role=alert]');
  assert((await summary.innerText()).includes('صححي الخانات التالية'), 'error summary');
  assert(await summary.evaluate((el) => el === document.activeElement), 'the summary has the focus');
  assert((await textOf(p, '#consent-error')).includes('يجب أن توافقي'), 'consent required');
  assertEqual(posts.n, 0, 'nothing sent while the form is invalid');
  await screenshot(p, 'register-ar-errors-phone');
  await checkAccessibility(p, 'register ar with errors');
  await p.context().close();
});

test('Arabic registration on a phone: valid, with the reference on the confirmation', async () => {
  const p = await page(PHONE);
  await p.goto('/register/JISR');
  await chooseLanguage(p, 'العربية');
  const a = {
    cin: freshCin(),
    first_name_ar: 'فاطمة',
    last_name_ar: 'الإدريسي',
    birth_date: '1994-03-02',
    phone: freshPhone(),
    region: 'MA-09',
    province: 'Taroudant',
    commune: 'أولاد تايمة',
    education: 'secondary',
    situation: 'unemployed',
    project_idea: 'ورشة خياطة',
    consent: true,
  };
  await fillRegistration(p, a);
  await p.getByRole('button', { name: 'إرسال طلب التسجيل' }).click();
  await p.waitForURL(/\/registered\//);
  assertEqual(await textOf(p, 'h1'), 'تم تسجيل طلبك', 'confirmation title');
  const reference = await textOf(p, '[data-testid=reference]');
  assert(/^JISR-MA-09-\d{6}$/.test(reference), `reference ${reference}`);
  state.ar = { ...a, reference };
  await checkAccessibility(p, 'confirmation ar');
  await screenshot(p, 'confirmation-ar-phone');
  await p.context().close();
});

test('Arabic registration: the same CIN again is refused with the message in Arabic', async () => {
  const p = await page(PHONE);
  await p.goto('/register/JISR');
  await chooseLanguage(p, 'العربية');
  await fillRegistration(p, {
    ...state.ar,
    phone: freshPhone(),
    education: undefined,
    situation: undefined,
  });
  await p.getByRole('button', { name: 'إرسال طلب التسجيل' }).click();
  await p.waitForSelector('#cin-error');
  assert(
    (await textOf(p, '#cin-error')).includes('يوجد تسجيل مطابق من قبل'),
    'duplicate message in Arabic at the CIN',
  );
  assert((await textOf(p, '.notice-error')).includes('ربما سبق لك التسجيل'), 'duplicate hint');
  await screenshot(p, 'register-ar-duplicate-phone');
  await p.context().close();
});

test('French registration on a desktop: inline errors, then a valid probable duplicate', async () => {
  const p = await page(DESKTOP);
  const posts = countRegistrations(p);
  await p.goto('/register/JISR');
  await chooseLanguage(p, 'Français');
  assertEqual(await p.getAttribute('html', 'dir'), 'ltr', 'html dir');
  await screenshot(p, 'register-fr-desktop');
  const f = {
    cin: freshCin(),
    first_name: 'Fatima2',
    last_name: 'El Idrissi',
    birth_date: '1970-01-01',
    phone: state.ar.phone /* same phone: a probable duplicate of the Arabic one */,
    email: 'fatima@',
    region: 'MA-09',
    province: 'Taroudant',
    consent: true,
  };
  await fillRegistration(p, f);
  await p.getByRole('button', { name: 'Envoyer mon inscription' }).click();
  assert((await textOf(p, '#first_name-error')).includes('Seuls les lettres'), 'name format');
  assert((await textOf(p, '#birth_date-error')).includes("jusqu'à 45 ans"), 'eligibility: age');
  assert((await textOf(p, '#email-error')).includes('Adresse e-mail invalide'), 'email');
  assertEqual(posts.n, 0, 'nothing sent while the form is invalid');
  await screenshot(p, 'register-fr-errors-desktop');
  await p.fill('#first_name', 'Fatima');
  await p.fill('#birth_date', '1994-03-02');
  await p.fill('#email', 'fatima@example.ma');
  await p.getByRole('button', { name: 'Envoyer mon inscription' }).click();
  await p.waitForURL(/\/registered\//);
  assertEqual(await textOf(p, 'h1'), 'Inscription enregistrée', 'confirmation title');
  const reference = await textOf(p, '[data-testid=reference]');
  assert(/^JISR-MA-09-\d{6}$/.test(reference), `reference ${reference}`);
  state.fr = {
    ...f,
    first_name: 'Fatima',
    birth_date: '1994-03-02',
    email: 'fatima@example.ma',
    reference,
  };
  await checkAccessibility(p, 'confirmation fr');
  await screenshot(p, 'confirmation-fr-desktop');
  await p.context().close();
});

test('French registration: the same CIN again is refused with the message in French', async () => {
  const p = await page(DESKTOP);
  await p.goto('/register/JISR');
  await chooseLanguage(p, 'Français');
  await fillRegistration(p, { ...state.fr, phone: freshPhone(), email: '' });
  await p.getByRole('button', { name: 'Envoyer mon inscription' }).click();
  await p.waitForSelector('#cin-error');
  assert(
    (await textOf(p, '#cin-error')).includes('Un enregistrement identique existe déjà'),
    'duplicate message in French',
  );
  await p.context().close();
});

test('status check, in Arabic on a phone', async () => {
  const p = await page(PHONE);
  await p.goto('/');
  await chooseLanguage(p, 'العربية');
  await p.getByRole('link', { name: 'تتبع طلبي' }).first().click();
  await p.fill('#reference', state.ar.reference);
  await p.fill('#cin', state.ar.cin.toLowerCase());
  await p.getByRole('button', { name: 'تحقق' }).click();
  await p.waitForSelector('[data-testid=status-result]');
  assert((await textOf(p, '[data-testid=status-result]')).includes('مودَع'), 'status submitted, in Arabic');
  await checkAccessibility(p, 'status ar');
  await screenshot(p, 'status-ar-phone');
  await p.fill('#cin', 'ZZ999999');
  await p.getByRole('button', { name: 'تحقق' }).click();
  await p.waitForSelector('.notice-error');
  assert((await textOf(p, '.notice-error')).includes('لا يوجد طلب'), 'no match');
  await p.context().close();
});

const staff = {};

test('a regional coordinator logs in and sees her region only', async () => {
  const p = await page(DESKTOP);
  staff.coord = p;
  await login(p, 'coord.souss', 'sanad-demo-coord');
  await p.waitForSelector('table.list tbody tr');
  assert((await textOf(p, '.filters')).includes('Votre région : Souss-Massa'), 'her region, fixed');
  assertEqual(await p.locator('#f-region').count(), 0, 'no region choice');
  const regions = await p.locator('table.list tbody tr td:nth-child(4)').allInnerTexts();
  assert(
    regions.length > 0 && regions.every((r) => r.startsWith('Souss-Massa')),
    `rows of Souss-Massa only: ${regions}`,
  );
  await checkAccessibility(p, 'applications');
  await screenshot(p, 'applications-coordinator-desktop');
  await p.goto('/staff/applications?region=MA-01');
  await p.waitForSelector('text=Aucune candidature ne correspond');
  await p.goto(`/staff/applications/${await applicationIdIn('MA-01')}`);
  await p.waitForSelector('.notice-error');
  assert(
    (await textOf(p, '.notice-error')).includes('introuvable'),
    'an application of another region is not found',
  );
  const phone = await page(PHONE);
  await login(phone, 'coord.souss', 'sanad-demo-coord');
  await phone.waitForSelector('table.list tbody tr');
  await screenshot(phone, 'applications-coordinator-phone');
  await phone.context().close();
});

test('the coordinator reviews the probable duplicate side by side', async () => {
  const p = staff.coord;
  await p.goto('/staff/applications?flag=probable_duplicate');
  await p.fill('#f-q', state.fr.reference);
  await p.getByRole('button', { name: 'Filtrer' }).click();
  await p.getByRole('link', { name: state.fr.reference }).click();
  await p.waitForSelector('.duplicate table.compare');
  const text = await textOf(p, '.duplicate');
  assert(
    text.includes(state.ar.reference) && text.includes(state.fr.reference),
    'both applications side by side',
  );
  const same = await p.locator('.compare tr.same th').allInnerTexts();
  assert(
    same.some((s) => s.startsWith('Téléphone')),
    `the same phone is marked: ${same}`,
  );
  await checkAccessibility(p, 'duplicate review');
  await screenshot(p, 'duplicate-review-desktop');
  await p.getByRole('button', { name: "Ce n'est pas un doublon" }).click();
  await p.waitForSelector('text=Le signalement de doublon a été levé.');
  await p.waitForSelector('.duplicate', { state: 'detached' });
});

test('the coordinator takes the Arabic application through review to accepted', async () => {
  const p = staff.coord;
  await p.goto(`/staff/applications?q=${encodeURIComponent(state.ar.reference)}`);
  await p.getByRole('link', { name: state.ar.reference }).click();
  await p.waitForSelector('[data-to]');
  state.ar.id = p.url().split('/').pop();
  const moves = async () =>
    (await p.locator('button[data-to]').evaluateAll((b) => b.map((x) => x.dataset.to))).join(',');
  assertEqual(await moves(), 'under_review,withdrawn', 'moves from submitted');
  await checkAccessibility(p, 'application detail');
  for (const [to, next] of [
    ['under_review', 'eligible,ineligible,withdrawn'],
    ['eligible', 'accepted,waitlisted,withdrawn'],
    ['accepted', 'in_training,withdrawn'],
  ]) {
    await p.fill('#note', `étape ${to}`);
    await p.click(`button[data-to=${to}]`);
    await p.waitForFunction(
      (n) => [...document.querySelectorAll('button[data-to]')].map((b) => b.dataset.to).join(',') === n,
      next,
    );
  }
  assert((await textOf(p, '.status-line')).includes('Acceptée'), 'accepted');
  // The history reloads after the state buttons: wait for the last step to appear.
  await p.waitForFunction(() =>
    (document.querySelector('.timeline')?.textContent ?? '').includes('étape accepted'),
  );
  const history = await textOf(p, '.timeline');
  assert(
    history.includes('Éligible → Acceptée') && history.includes('étape accepted'),
    'history with the notes',
  );
  assert(history.includes('Déposée par la candidate, en ligne'), `the online registration: ${history}`);
  assert(history.includes('par coord.souss'), 'the coordinator by her username');
  await screenshot(p, 'application-detail-desktop');
  const phone = await page(PHONE);
  await phone.goto(`/status?reference=${state.ar.reference}`);
  await chooseLanguage(phone, 'العربية');
  await phone.fill('#cin', state.ar.cin);
  await phone.getByRole('button', { name: 'تحقق' }).click();
  await phone.waitForSelector('[data-testid=status-result]');
  assert(
    (await textOf(phone, '[data-testid=status-result]')).includes('مقبول'),
    'the applicant sees "accepted"',
  );
  await phone.context().close();
});

/* What the French applicant's record holds once the coordinator has corrected it. */
const corrected = { last_name: 'El Idrissi Alaoui' };

test('the coordinator corrects a phone and a last name; the history records the correction', async () => {
  const p = staff.coord;
  await p.goto(`/staff/applications?q=${encodeURIComponent(state.fr.reference)}`);
  await p.getByRole('link', { name: state.fr.reference }).click();
  await p.waitForSelector('.details');
  state.fr.id = p.url().split('/').pop();
  await p.getByRole('button', { name: 'Corriger' }).click();
  assertEqual(await p.inputValue('#last_name'), state.fr.last_name, 'the form holds the stored last name');
  assertEqual(await p.inputValue('#phone'), `+212${state.fr.phone.slice(1)}`, 'and the stored phone');
  assertEqual(await p.inputValue('#region'), 'MA-09', 'and the stored region');
  await checkAccessibility(p, 'correction form');
  corrected.phone = freshPhone();
  const sent = recordCorrections(p);
  await p.fill('#phone', corrected.phone);
  await p.fill('#last_name', corrected.last_name);
  await p.getByRole('button', { name: 'Enregistrer la correction' }).click();
  await p.waitForSelector('text=Correction enregistrée.');
  sent.stop();
  assertEqual(
    JSON.stringify(sent.bodies),
    JSON.stringify([{ last_name: corrected.last_name, phone: corrected.phone }]),
    'one correction with the changed fields only',
  );
  const e164 = `+212${corrected.phone.slice(1)}`;
  await p.waitForFunction(
    ([name, phone]) => {
      const text = document.querySelector('.details')?.textContent ?? '';
      return text.includes(name) && text.includes(phone);
    },
    [corrected.last_name, e164],
  );
  await p.waitForFunction(() =>
    (document.querySelector('.timeline')?.textContent ?? '').includes('Données corrigées'),
  );
  const edit = (await p.locator('.timeline li').allInnerTexts()).find((l) => l.includes('Données corrigées'));
  assert(
    edit.includes('Nom (lettres latines)') && edit.includes('Téléphone') && edit.includes('par coord.souss'),
    `the history names the fields and the author: ${edit}`,
  );
  const stored = (await adminGet(`/applications/${state.fr.id}`)).applicant;
  assertEqual(stored.last_name, corrected.last_name, 'stored last name');
  assertEqual(stored.phone, e164, 'stored phone');
  await screenshot(p, 'application-corrected-desktop');
});

test('an invalid correction shows the field errors and changes nothing', async () => {
  const p = staff.coord;
  await p.goto(`/staff/applications/${state.fr.id}`);
  await p.getByRole('button', { name: 'Corriger' }).click();
  const sent = recordCorrections(p);
  await p.fill('#last_name', 'Bennani');
  await p.fill('#phone', '12345');
  await p.getByRole('button', { name: 'Enregistrer la correction' }).click();
  assert(
    (await textOf(p, '#phone-error')).includes('Numéro marocain attendu'),
    'the phone error at the field',
  );
  const summary = p.locator('.notice-error[role=alert]');
  assert((await summary.innerText()).includes('Téléphone'), 'and in the summary');
  assertEqual(sent.bodies.length, 0, 'nothing sent while the form is invalid');

  /* The server's own check, past the form's: the request is given a malformed CIN
     on its way out. */
  const patch = /\/api\/v1\/applications\/\d+$/;
  await p.route(patch, (route) =>
    route.request().method() === 'PATCH'
      ? route.continue({ postData: JSON.stringify({ ...route.request().postDataJSON(), cin: 'A1B2' }) })
      : route.continue(),
  );
  await p.fill('#phone', freshPhone());
  await p.getByRole('button', { name: 'Enregistrer la correction' }).click();
  await p.waitForSelector('#cin-error');
  await p.unroute(patch);
  assertEqual(await textOf(p, '#cin-error'), 'Format invalide.', "the server's error at the CIN");
  assert((await summary.innerText()).includes('Numéro de CIN'), 'and in the summary');
  assert(await summary.evaluate((el) => el === document.activeElement), 'the summary has the focus');

  /* The server's uniqueness check: the CIN of another application of the programme. */
  await p.fill('#cin', state.ar.cin);
  await p.getByRole('button', { name: 'Enregistrer la correction' }).click();
  await p.waitForSelector('text=une autre candidature à ce programme porte déjà ce numéro de CIN');
  assert(
    (await textOf(p, '#cin-error')).includes('Un enregistrement identique existe déjà'),
    'the duplicate at the CIN',
  );
  await screenshot(p, 'application-correction-errors-desktop');
  await p.getByRole('button', { name: 'Enregistrer la correction', disabled: false }).waitFor();
  sent.stop();
  const stored = (await adminGet(`/applications/${state.fr.id}`)).applicant;
  assertEqual(stored.phone, `+212${corrected.phone.slice(1)}`, 'stored phone unchanged');
  assertEqual(stored.last_name, corrected.last_name, 'stored last name unchanged');
  assertEqual(stored.cin, state.fr.cin, 'stored CIN unchanged');
  assertEqual(sent.bodies.length, 2, 'the two corrections the server refused');
});

test('in Arabic on a phone: the correction form is right to left, and cancel sends nothing', async () => {
  const p = await pageIn(PHONE, 'ar');
  await login(p, 'coord.souss', 'sanad-demo-coord', 'ar');
  await p.goto(`/staff/applications/${state.fr.id}`);
  const sent = recordCorrections(p);
  await p.getByRole('button', { name: 'تصحيح' }).click();
  assertEqual(await p.getAttribute('html', 'dir'), 'rtl', 'html dir');
  await assertArabicApplicantForm(p);
  const width = await p.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= PHONE.width, `no horizontal scrolling at 360 px (page is ${width} px wide)`);
  await checkAccessibility(p, 'correction form ar');
  await screenshot(p, 'application-correction-ar-phone');
  await p.fill('#last_name', 'Bennani');
  await p.getByRole('button', { name: 'إلغاء' }).click();
  await p.waitForSelector('.details');
  assert((await textOf(p, '.details')).includes(corrected.last_name), 'the stored name is shown again');
  assert(
    await p.getByRole('button', { name: 'تصحيح' }).evaluate((el) => el === document.activeElement),
    'the focus is back on the button',
  );
  sent.stop();
  assertEqual(sent.bodies.length, 0, 'cancel sends nothing');
  await p.context().close();
});

test('a role that may not change applications has no correct button', async () => {
  const p = await page(DESKTOP);
  await login(p, 'analyst', 'sanad-demo-analyst');
  await p.goto(`/staff/applications/${state.fr.id}`);
  await p.waitForSelector('.notice-error');
  assert(
    (await textOf(p, '.notice-error')).includes("Vous n'avez pas le droit"),
    'the server refuses to show an application to this role',
  );
  /* No role reads applications without changing them today; the page is given what
     such a role would read, to check that the button follows the role. */
  const application = await adminGet(`/applications/${state.fr.id}`);
  const history = await adminGet(`/applications/${state.fr.id}/history`);
  await p.route(/\/api\/v1\/applications\/\d+(\/history)?$/, (route) =>
    route.fulfill({ json: route.request().url().endsWith('/history') ? history : application }),
  );
  await p.reload();
  await p.waitForSelector('.details');
  assert(
    (await textOf(p, 'main')).includes('Votre rôle permet de consulter cette candidature'),
    'the page says it is read only',
  );
  assertEqual(await p.getByRole('button', { name: 'Corriger' }).count(), 0, 'no correct button');
  await p.context().close();
});

test('bulk transition of a selection', async () => {
  const p = staff.coord;
  await p.goto('/staff/applications?status=submitted&limit=25');
  await p.waitForSelector('table.list tbody tr');
  const boxes = p.locator('table.list tbody input[type=checkbox]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await p.selectOption('#bulk-to', 'under_review');
  await p.getByRole('button', { name: 'Appliquer' }).click();
  await p.waitForSelector('text=Changées : 2. Refusées par le circuit : 0.');
  await screenshot(p, 'bulk-desktop');
});

test('export of the filtered list as CSV: her region only', async () => {
  const p = staff.coord;
  await p.goto('/staff/applications?status=accepted');
  await p.waitForSelector('table.list tbody tr');
  const [download] = await Promise.all([
    p.waitForEvent('download'),
    p.getByRole('link', { name: 'Exporter en CSV' }).click(),
  ]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  const [header, ...lines] = text
    .replace(/^\ufeff/, '')
    .trim()
    .split(/\r?\n/);
  const columns = header.split(',');
  assert(columns.includes('reference') && columns.includes('region'), `CSV header: ${header}`);
  assert(lines.length > 0, 'some rows');
  const region = columns.indexOf('region');
  const status = columns.indexOf('status');
  for (const line of lines.slice(0, 50)) {
    const cells = line.split(',');
    assertEqual(cells[region], 'MA-09', 'region of an exported row');
    assertEqual(cells[status], 'accepted', 'status of an exported row');
  }
});

const csv = (rows) =>
  Buffer.from(
    '\ufeff' +
      [
        'cin,first_name,last_name,birth_date,sex,phone,region,province,consent',
        ...rows.map((r) => r.join(',')),
      ].join('\r\n'),
  );

test('import: the dry run reports the bad row in a table; the corrected file imports', async () => {
  const p = await page(DESKTOP);
  staff.admin = p;
  await login(p, 'admin', 'sanad-demo-admin');
  await p.goto('/staff/import');
  const good = () => [
    freshCin(),
    'Naima',
    'Bennani',
    '1990-05-04',
    'F',
    freshPhone(),
    'MA-04',
    'Rabat',
    'oui',
  ];
  const rows = [
    good(),
    [freshCin(), 'Samira', 'Alaoui', '1991-06-07', 'X', freshPhone(), 'MA-04', 'Rabat', 'oui'],
    good(),
  ];
  await p.setInputFiles('#import-file', {
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: csv(rows),
  });
  await p.getByRole('button', { name: 'Vérifier le fichier' }).click();
  await p.waitForSelector('[data-testid=import-report] table');
  assert((await textOf(p, '[data-testid=import-report] h2')).includes('Invalides : 1'), 'one invalid row');
  const cells = await p.locator('[data-testid=import-report] tbody tr td').allInnerTexts();
  assertEqual(cells.slice(0, 2).join('|'), '3|sex', 'row 3, field sex');
  assert(await p.getByRole('button', { name: 'Importer' }).isDisabled(), 'no import while a row is bad');
  await checkAccessibility(p, 'import report');
  await screenshot(p, 'import-report-desktop');
  await p.setInputFiles('#import-file', {
    name: 'good.csv',
    mimeType: 'text/csv',
    buffer: csv([rows[0], rows[2]]),
  });
  await p.getByRole('button', { name: 'Vérifier le fichier' }).click();
  await p.waitForSelector('text=Toutes les lignes sont valides');
  await p.getByRole('button', { name: 'Importer' }).click();
  await p.waitForSelector('text=Candidatures importées : 2.');
});

test('dashboard: bars by region, states, a line over time, and the tile map', async () => {
  const p = staff.admin;
  await p.goto('/staff/dashboard');
  await p.waitForSelector('[data-testid=kpi-registered]');
  const registered = Number((await textOf(p, '[data-testid=kpi-registered]')).replace(/\D/g, ''));
  assert(registered > 2000, `registered ${registered}`);
  assertEqual(await p.locator('.tilemap g.tile').count(), 12, 'twelve tiles');
  assertEqual(await p.locator('.chart canvas').count(), 3, 'three charts');
  assertEqual(
    await p.locator('[data-testid=region-table] tbody tr').count(),
    12,
    'twelve regions in the table',
  );
  await checkAccessibility(p, 'dashboard');
  await screenshot(p, 'dashboard-desktop');
  const phone = await page(PHONE);
  await login(phone, 'coord.souss', 'sanad-demo-coord');
  await chooseLanguage(phone, 'العربية');
  await phone.goto('/staff/dashboard');
  await phone.waitForSelector('[data-testid=region-table]');
  const rows = await phone.locator('[data-testid=region-table] tbody tr').allInnerTexts();
  assert(rows.length === 1 && rows[0].includes('سوس ماسة'), `her region only: ${rows}`);
  await checkAccessibility(phone, 'dashboard ar');
  await screenshot(phone, 'dashboard-ar-phone');
  await phone.context().close();
  const analyst = await page(DESKTOP);
  await login(analyst, 'analyst', 'sanad-demo-analyst');
  await analyst.waitForURL(/\/staff\/dashboard/);
  await analyst.waitForSelector('[data-testid=region-table]');
  assertEqual(
    await analyst.locator('[data-testid=region-table] tbody tr').count(),
    12,
    'analysts see every region',
  );
  assertEqual(await analyst.locator('.staffnav a').count(), 2, 'analysts: dashboard and programmes only');
  await analyst.context().close();
});

test('programme settings and targets per region', async () => {
  const p = staff.admin;
  await p.goto('/staff/programs');
  await p.getByRole('link', { name: 'JISR' }).click();
  await p.waitForSelector('#target-MA-12');
  assertEqual(await p.inputValue('#target-MA-12'), '3000', 'demo target');
  await p.fill('#target-MA-12', '3100');
  await p.getByRole('button', { name: 'Enregistrer les objectifs' }).click();
  await p.waitForSelector('#targets-title ~ .notice-ok, form.card .notice-ok');
  await p.reload();
  assertEqual(await p.inputValue('#target-MA-12'), '3100', 'saved target');
  await checkAccessibility(p, 'programme settings');
  await screenshot(p, 'programme-settings-desktop');
});

test('user management: an admin creates a regional coordinator', async () => {
  const p = staff.admin;
  await p.goto('/staff/users');
  await p.waitForSelector('table.list');
  await p.fill('#u-username', 'coord.oriental');
  await p.fill('#u-full_name', 'Hind Oriental');
  await p.fill('#u-password', 'a-long-enough-password');
  await p.selectOption('#u-role', 'regional_coordinator');
  await p.selectOption('#u-region', 'MA-02');
  await p.getByRole('button', { name: 'Créer le compte' }).click();
  await p.waitForSelector('text=Compte créé.');
  await p.waitForSelector('table.list >> text=coord.oriental');
  state.userPage = await p.getByRole('link', { name: 'coord.oriental' }).getAttribute('href');
  await checkAccessibility(p, 'users');
  await screenshot(p, 'users-desktop');
});

/* ---- Trainings and enterprises ---- */

/* Calls the API as the demo admin, with the session's CSRF token; returns the
 * answer's JSON and throws on an error status. */
let adminSession;
async function adminApi(method, path, body) {
  if (!adminSession) {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'sanad-demo-admin' }),
    });
    adminSession = {
      cookie: res.headers.get('set-cookie').split(';')[0],
      csrf: (await res.json()).csrf_token,
    };
  }
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      cookie: adminSession.cookie,
      'X-CSRF-Token': adminSession.csrf,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

const pathTo = {
  accepted: ['under_review', 'eligible', 'accepted'],
  incubated: ['under_review', 'eligible', 'accepted', 'in_training', 'incubated'],
};

/* A new JISR applicant of Souss-Massa taken through the workflow to `status`;
 * returns her id and reference. */
async function beneficiaryIn(status, firstName) {
  const created = await adminApi('POST', '/programs/JISR/applications', {
    cin: freshCin(),
    first_name: firstName,
    last_name: 'Amrani',
    birth_date: '1992-04-05',
    sex: 'F',
    phone: freshPhone(),
    region: 'MA-09',
    province: 'Taroudant',
    consent: true,
  });
  const [{ id }] = (await adminApi('GET', `/applications?q=${created.reference}`)).items;
  for (const to of pathTo[status]) await adminApi('POST', `/applications/${id}/transitions`, { to });
  return { id, reference: created.reference };
}

/* A day `days` from today, as the server counts days (UTC). */
const dayFromToday = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

const cohort = {};

test('trainings: a coordinator creates a training, enrols, marks attendance and records completion', async () => {
  const p = staff.coord;
  const first = await beneficiaryIn('accepted', 'Khadija');
  const second = await beneficiaryIn('accepted', 'Zineb');
  await p.goto('/staff/applications');
  await p.getByRole('link', { name: 'Formations' }).click();
  await p.waitForURL(/\/staff\/trainings$/);
  await p.getByRole('link', { name: 'Nouvelle formation' }).click();
  await p.waitForSelector('#t-title');
  assertEqual(await p.inputValue('#t-region'), 'MA-09', 'her region, chosen for her');
  const title = `Couture et gestion ${serial++}`;
  await p.selectOption('#t-program', 'JISR');
  await p.fill('#t-title', title);
  await p.fill('#t-starts_on', dayFromToday(-10));
  await p.fill('#t-ends_on', dayFromToday(20));
  await p.fill('#t-capacity', '0');
  await p.fill('#t-trainers', 'Amina Berrada\nKarim Alaoui');
  await p.fill('#t-venue', 'Incubateur de Taroudant');
  await p.selectOption('#t-province', 'Taroudant');
  await p.getByRole('button', { name: 'Créer la formation' }).click();
  await p.waitForSelector('#t-capacity-error');
  assert((await textOf(p, '.notice-error')).includes('Nombre de places'), 'the summary names the field');
  await p.fill('#t-capacity', '20');
  await p.getByRole('button', { name: 'Créer la formation' }).click();
  await p.waitForURL(/\/staff\/trainings\/\d+$/);
  cohort.id = p.url().split('/').pop();
  await p.waitForSelector(`h1:text-is("${title}")`);

  for (const b of [first, second]) {
    await p.fill('#e-application', b.reference);
    await p.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await p.waitForSelector(`text=${b.reference} est inscrite. Son état : En formation.`);
  }
  await p.waitForSelector(`[data-testid=enrolled] >> text=${second.reference}`);
  assertEqual(await textOf(p, '[data-testid=training-enrolled]'), '2 sur 20 places', 'two enrolled');
  await p.fill('#e-application', first.reference);
  await p.getByRole('button', { name: 'Inscrire', exact: true }).click();
  await p.waitForSelector('#e-application-error');
  assert(
    (await textOf(p, '#e-application-error')).includes('existe déjà'),
    'enrolled twice: refused at the field',
  );

  await p.check(`#mark-${first.id}-present`);
  await p.check(`#mark-${second.id}-absent`);
  await p.getByRole('button', { name: 'Enregistrer la présence' }).click();
  await p.waitForSelector('[data-testid=attendance-totals] tbody tr');
  const totals = await p.locator('[data-testid=attendance-totals] tbody tr td').allInnerTexts();
  assertEqual(totals.join('|'), '1|1|0', 'present, absent, excused that day');
  await p.reload();
  await p.waitForSelector(`#mark-${first.id}-present:checked`);

  await p.selectOption('#c-application', String(first.id));
  await p.getByRole('radio', { name: 'Formation achevée' }).check();
  await p.getByRole('button', { name: "Enregistrer l'issue" }).click();
  await p.waitForSelector(`text=Issue de ${first.reference} enregistrée.`);
  await p.waitForSelector(`[data-testid=enrolled] tr:has-text("${first.reference}") >> text=Achevée le`);
  await checkAccessibility(p, 'training detail');
  await screenshot(p, 'training-detail-desktop');
});

test('enterprises: a coordinator records the enterprise of an incubated beneficiary and its follow-up', async () => {
  const p = staff.coord;
  const owner = await beneficiaryIn('incubated', 'Hanane');
  const createdOn = dayFromToday(-400);
  await p.goto('/staff/applications');
  await p.getByRole('link', { name: 'Entreprises' }).click();
  await p.waitForURL(/\/staff\/enterprises$/);
  await p.getByRole('link', { name: 'Enregistrer une entreprise' }).click();
  await p.waitForSelector('#n-application');
  await p.fill('#n-application', owner.reference);
  await p.fill('#n-name', 'Atelier Tifawin');
  await p.selectOption('#n-sector', 'textile');
  await p.selectOption('#n-legal_form', 'cooperative');
  await p.fill('#n-created_on', createdOn);
  await p.fill('#n-jobs_created', '3');
  await p.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await p.waitForURL(/\/staff\/enterprises\/\d+$/);
  cohort.enterprise = p.url().split('/').pop();
  await p.waitForSelector('h1:text-is("Atelier Tifawin")');
  const status = await adminApi('GET', `/applications/${owner.id}`);
  assertEqual(status.status, 'enterprise_created', 'the beneficiary moved on');
  const steps = await p.locator('[data-testid=milestones] tbody tr').allInnerTexts();
  assertEqual(steps.length, 3, 'three milestones');
  assert(steps[0].includes('À faire') && steps[2].includes('Pas encore échu'), `due and not due: ${steps}`);

  /* A follow-up before its milestone is refused at its date. */
  await p.selectOption('#fu-milestone', '6');
  await p.fill('#fu-followed_on', dayFromToday(-300));
  await p.getByRole('radio', { name: 'Oui, en activité' }).check();
  await p.fill('#fu-jobs', '4');
  await p.selectOption('#fu-revenue_band', '50k_200k');
  await p.getByRole('button', { name: 'Enregistrer le suivi' }).click();
  await p.waitForSelector('#fu-followed_on-error');
  assert((await textOf(p, '#fu-followed_on-error')).includes('avant son échéance'), 'milestone not reached');
  await p.fill('#fu-followed_on', dayFromToday(-200));
  await p.getByRole('button', { name: 'Enregistrer le suivi' }).click();
  await p.waitForSelector('text=Suivi à 6 mois enregistré.');
  await p.waitForSelector('[data-testid=milestones] tr[data-months="6"] >> text=4 emplois');

  /* Correcting it: the form opens with what was recorded. */
  await p.selectOption('#fu-milestone', '6');
  assertEqual(await p.inputValue('#fu-jobs'), '4', 'the recorded jobs');
  await p.fill('#fu-jobs', '5');
  await p.getByRole('button', { name: 'Corriger le suivi' }).click();
  await p.waitForSelector('text=Suivi à 6 mois corrigé.');
  await p.waitForSelector('[data-testid=milestones] tr[data-months="6"] >> text=5 emplois');
  await checkAccessibility(p, 'enterprise detail');
  await screenshot(p, 'enterprise-detail-desktop');

  /* Changing the enterprise: the form opens with what was recorded, and a creation
     date that would put the recorded follow-up before its milestone is refused. */
  await p.getByRole('link', { name: "Modifier l'entreprise" }).click();
  await p.waitForURL(/\/staff\/enterprises\/\d+\/edit$/);
  await p.waitForSelector('#n-name');
  assertEqual(await p.inputValue('#n-jobs_created'), '3', 'the recorded jobs');
  assertEqual(await p.locator('#n-application').count(), 0, 'whose enterprise it is does not change');
  await p.fill('#n-created_on', dayFromToday(-100));
  await p.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await p.waitForSelector('#n-created_on-error');
  assertEqual(
    (await adminApi('GET', `/enterprises/${cohort.enterprise}`)).created_on,
    createdOn,
    'the refused change is not stored',
  );
  await p.fill('#n-created_on', createdOn);
  await p.fill('#n-name', 'Atelier Tifawin Tissage');
  await p.fill('#n-jobs_created', '6');
  await p.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await p.waitForURL(/\/staff\/enterprises\/\d+$/);
  await p.waitForSelector('h1:text-is("Atelier Tifawin Tissage")');
  const changed = await adminApi('GET', `/enterprises/${cohort.enterprise}`);
  assertEqual(changed.jobs_created, 6, 'the new jobs are stored');
  assertEqual(changed.name, 'Atelier Tifawin Tissage', 'the new name is stored');

  await p.goto('/staff/enterprises?followup_due=12');
  await p.waitForSelector('table.list >> text=Atelier Tifawin');
  await p.goto('/staff/enterprises?followup_due=6&sector=textile');
  await p.waitForSelector('main h1');
  await p.waitForFunction(() => !document.querySelector('.loading'));
  assertEqual(
    await p.locator('table.list >> text=Atelier Tifawin').count(),
    0,
    'its 6-month follow-up is done: not due any more',
  );
});

test('the training and enterprise pages, in French on a desktop and in Arabic on a phone: axe and screenshots', async () => {
  const pages = [
    ['trainings', '/staff/trainings'],
    ['training-new', '/staff/trainings/new'],
    ['training', `/staff/trainings/${cohort.id}`],
    ['training-edit', `/staff/trainings/${cohort.id}/edit`],
    ['enterprises', '/staff/enterprises'],
    ['enterprise-new', '/staff/enterprises/new'],
    ['enterprise-edit', `/staff/enterprises/${cohort.enterprise}/edit`],
    ['enterprise', `/staff/enterprises/${cohort.enterprise}`],
  ];
  for (const [size, viewport, lang] of [
    ['desktop', DESKTOP, 'fr'],
    ['phone', PHONE, 'ar'],
  ]) {
    const p = await pageIn(viewport, lang);
    await login(p, 'admin', 'sanad-demo-admin', lang);
    for (const [name, path] of pages) await visit(p, path, `page-${name}-${lang}-${size}`);
    if (lang === 'ar') {
      assertEqual(
        await textOf(p, '[data-testid=milestones] tbody th'),
        'الشهر 6',
        'the milestones in Arabic',
      );
      assertEqual(await p.getAttribute('html', 'dir'), 'rtl', 'right to left');
    }
    await p.context().close();
  }
});

/* Opens `path` once it has settled (no loader left), checks it with axe and
 * takes its screenshot. */
async function visit(p, path, shot) {
  await p.goto(path, { waitUntil: 'networkidle' });
  await p.waitForSelector('main h1');
  await p.waitForFunction(() => !document.querySelector('.loading'));
  await checkAccessibility(p, shot);
  await screenshot(p, shot);
}

/* A context whose interface starts in `lang`, as if chosen on an earlier visit. */
async function pageIn(viewport, lang) {
  const p = await page(viewport);
  await p.context().addInitScript((l) => localStorage.setItem('sanad.lang', l), lang);
  return p;
}

const sizes = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
];

test('every public page, in Arabic and French, at phone and desktop widths: axe and screenshots', async () => {
  const pages = [
    ['home', '/'],
    ['register', '/register/JISR'],
    ['status', '/status'],
    ['confirmation', `/registered/${state.ar.reference}?status=submitted`],
    ['login', '/login'],
    ['not-found', '/no/such/page'],
  ];
  for (const [size, viewport] of sizes)
    for (const lang of ['ar', 'fr']) {
      const p = await pageIn(viewport, lang);
      for (const [name, path] of pages) await visit(p, path, `page-${name}-${lang}-${size}`);
      await p.context().close();
    }
});

test('every staff page, in French at both widths and in Arabic on a phone: axe and screenshots', async () => {
  const pages = [
    ['applications', '/staff/applications'],
    ['application', `/staff/applications/${state.ar.id}`],
    ['import', '/staff/import'],
    ['dashboard', '/staff/dashboard'],
    ['programmes', '/staff/programs'],
    ['programme', '/staff/programs/JISR'],
    ['programme-new', '/staff/programs/new'],
    ['users', '/staff/users'],
    ['user', state.userPage],
  ];
  for (const [size, viewport, lang] of [...sizes.map(([s, v]) => [s, v, 'fr']), ['phone', PHONE, 'ar']]) {
    const p = await pageIn(viewport, lang);
    await login(p, 'admin', 'sanad-demo-admin', lang);
    for (const [name, path] of pages) await visit(p, path, `page-${name}-${lang}-${size}`);
    await p.context().close();
  }
});

test('the language is remembered; keyboard: skip link and visible focus', async () => {
  const p = await page(DESKTOP);
  await p.goto('/status');
  await chooseLanguage(p, 'English');
  await p.reload();
  assertEqual(await textOf(p, 'h1'), 'Track my application', 'English after a reload');
  await p.keyboard.press('Tab');
  assertEqual(await p.evaluate(() => document.activeElement.className), 'skip', 'the skip link comes first');
  await p.keyboard.press('Enter');
  await p.keyboard.press('Tab');
  const focused = await p.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {
      inMain: !!el.closest('main'),
      outline: `${s.outlineStyle} ${s.outlineWidth}`,
    };
  });
  assert(focused.inMain, 'Tab after the skip link goes into the page');
  assertEqual(focused.outline, 'solid 3px', 'focus is visible');
  await p.context().close();
});

test('a session ended by an admin leads back to the login, with a message', async () => {
  const p = await page(DESKTOP);
  await login(p, 'officer', 'sanad-demo-officer');
  await p.waitForSelector('table.list tbody tr');
  const admin = staff.admin;
  await admin.goto('/staff/users');
  await admin.getByRole('link', { name: 'officer', exact: true }).click();
  await admin.getByRole('button', { name: 'Fermer ses sessions ouvertes' }).click();
  await admin.waitForSelector('text=Sessions fermées.');
  await p.getByRole('link', { name: 'Page suivante' }).click();
  await p.waitForURL(/\/login\?expired=1/);
  await p.waitForSelector('text=Votre session a pris fin');
  await p.context().close();
});

test('logout ends the session', async () => {
  const p = staff.coord;
  await p.getByRole('button', { name: 'Se déconnecter' }).click();
  await p.waitForURL(/\/login/);
  await p.goto('/staff/applications');
  await p.waitForURL(/\/login\?next=/);
});

let result = { passed: 0, failed: 1 };
try {
  result = await runAll(tests, problems, browser);
} finally {
  await browser.close();
  await server.stop();
}
console.log(`${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed ? 1 : 0);
