// The applicant's fields and their rules, mirroring the server's
// (src/domain/applicant.c and eligibility.c) so that the applicant registering, or
// the staff member correcting her data, learns of a mistake at the field, before
// sending: same limits, same character classes, same order of checks.
import type { MessageKey, Params } from '../i18n';
import type { ApplicantField, ApplicantInput, Eligibility, Region } from '../types';

export interface Problem {
  key: MessageKey;
  params?: Params;
}

export type Problems = Partial<Record<ApplicantField, Problem>>;

/* The applicant's data, in the order the forms and the staff view show it: the
 * members of a registration but the consent, and the fields a staff correction may
 * change (edit_fields in src/api/applications.c). */
export const applicantFields = [
  'cin',
  'first_name',
  'last_name',
  'first_name_ar',
  'last_name_ar',
  'birth_date',
  'sex',
  'phone',
  'email',
  'region',
  'province',
  'commune',
  'education',
  'situation',
  'project_idea',
] as const satisfies readonly ApplicantField[];

export type ApplicantDataField = (typeof applicantFields)[number];

const latinNames: ApplicantDataField[] = ['first_name', 'last_name'];
const arabicNames: ApplicantDataField[] = ['first_name_ar', 'last_name_ar'];

/* The fields in the order of a form, for its error summary: the names in the
 * interface's script come first, as the form shows them. */
export function formOrder(rtl: boolean): ApplicantDataField[] {
  const names = rtl ? [...arabicNames, ...latinNames] : [...latinNames, ...arabicNames];
  return ['cin', ...names, ...applicantFields.filter((f) => f !== 'cin' && !names.includes(f))];
}

/* A form's values: the given fields as text, the others empty. */
export function formValues(
  given: Partial<Record<ApplicantDataField, string>>,
  consent: boolean,
): ApplicantInput {
  const values = { consent } as ApplicantInput;
  for (const f of applicantFields) values[f] = given[f] ?? '';
  return values;
}

export const educations = ['none', 'primary', 'secondary', 'vocational', 'higher'] as const;
export const situations = [
  'unemployed',
  'employed',
  'self_employed',
  'student',
  'homemaker',
  'other',
] as const;

const NAME_MAX = 60;
const COMMUNE_MAX = 80;
const PROJECT_IDEA_MAX = 1000;
const AGE_MIN = 10;
const AGE_MAX = 120;

/* The server trims U+0020 only. */
function trim(s: string): string {
  return s.replace(/^ +| +$/g, '');
}

export function normalizeCin(s: string): string | null {
  const cin = s.replace(/ /g, '');
  return /^[A-Za-z]{1,2}[0-9]{1,6}$/.test(cin) ? cin.toUpperCase() : null;
}

/* "+212612345678" from a Moroccan number written in any usual way, or null. */
export function normalizePhone(s: string): string | null {
  const compact = s.replace(/[ .-]/g, '');
  const m = /^(\+212|00212|0)([5-7][0-9]{8})$/.exec(compact);
  return m ? `+212${m[2]}` : null;
}

/* ---- Names ---- */

type NameChar = 'letter' | 'mark' | 'space' | 'joiner' | 'other_script' | 'forbidden';

const isLatinLetter = (c: number) =>
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7) ||
  (c >= 0x100 && c <= 0x2af) ||
  (c >= 0x1e00 && c <= 0x1eff);
const isLatinMark = (c: number) => c >= 0x300 && c <= 0x36f;
const isArabicLetter = (c: number) =>
  (c >= 0x620 && c <= 0x63f) ||
  (c >= 0x641 && c <= 0x64a) ||
  c === 0x66e ||
  c === 0x66f ||
  (c >= 0x671 && c <= 0x6d3) ||
  c === 0x6d5 ||
  c === 0x6ee ||
  c === 0x6ef ||
  (c >= 0x6fa && c <= 0x6fc) ||
  c === 0x6ff;
const isArabicMark = (c: number) => c === 0x640 || (c >= 0x64b && c <= 0x65f) || c === 0x670;
const isSymbolBlock = (c: number) =>
  c <= 0xbf ||
  c === 0xd7 ||
  c === 0xf7 ||
  (c >= 0x2b0 && c <= 0x2ff) ||
  (c >= 0x600 && c <= 0x6ff) ||
  (c >= 0x2000 && c <= 0x2bff) ||
  (c >= 0x2e00 && c <= 0x303f) ||
  (c >= 0xe000 && c <= 0xf8ff) ||
  (c >= 0xfb50 && c <= 0xfdff) ||
  (c >= 0xfe00 && c <= 0xffff) ||
  c >= 0x1f000;

function classify(c: number, arabic: boolean): NameChar {
  if (c === 0x20) return 'space';
  if (c >= 0x2d30 && c <= 0x2d7f) return c <= 0x2d6f ? 'letter' : 'mark';
  const ll = isLatinLetter(c);
  const lm = isLatinMark(c);
  const al = isArabicLetter(c);
  const am = isArabicMark(c);
  if (!arabic) {
    if (ll) return 'letter';
    if (lm) return 'mark';
    if (c === 0x2d || c === 0x27 || c === 0x2019) return 'joiner';
  } else {
    if (al) return 'letter';
    if (am) return 'mark';
  }
  return ll || lm || al || am || !isSymbolBlock(c) ? 'other_script' : 'forbidden';
}

function nameProblem(name: string, arabic: boolean): Problem | null {
  const chars = Array.from(name);
  if (chars.length > NAME_MAX) return { key: 'v.too_long', params: { max: NAME_MAX } };
  let forbidden = false;
  let otherScript = false;
  let previous: NameChar = 'space';
  for (const ch of chars) {
    const kind = classify(ch.codePointAt(0) ?? 0, arabic);
    const letter = kind === 'letter' || kind === 'other_script';
    if (kind === 'forbidden') forbidden = true;
    if (kind === 'other_script') otherScript = true;
    if (kind === 'mark' && previous === 'space') forbidden = true;
    if (kind === 'joiner' && (previous === 'space' || previous === 'joiner')) forbidden = true;
    if (previous === 'joiner' && !letter) forbidden = true;
    previous = kind;
  }
  if (previous === 'joiner' || forbidden) return { key: 'v.name_format' };
  if (otherScript) return { key: arabic ? 'v.arabic_only' : 'v.latin_only' };
  return null;
}

function checkNames(v: ApplicantInput, out: Problems) {
  const fields = [
    ['first_name', false],
    ['last_name', false],
    ['first_name_ar', true],
    ['last_name_ar', true],
  ] as const;
  for (const [field, arabic] of fields) {
    const value = trim(v[field]);
    const p = value ? nameProblem(value, arabic) : null;
    if (p) out[field] = p;
  }
  const has = (f: ApplicantField) => trim(String(v[f])) !== '';
  const latin = has('first_name') && has('last_name');
  const arabic = has('first_name_ar') && has('last_name_ar');
  if (latin || arabic) return;
  const required: Problem = { key: 'v.required' };
  const startedArabic = has('first_name_ar') || has('last_name_ar');
  const startedLatin = has('first_name') || has('last_name');
  if (startedArabic && !startedLatin) {
    if (!has('first_name_ar')) out.first_name_ar = required;
    if (!has('last_name_ar')) out.last_name_ar = required;
  } else {
    if (!has('first_name')) out.first_name = required;
    if (!has('last_name')) out.last_name = required;
  }
}

/* ---- Dates ---- */

/* Whole years from `birth` to `today`, both "YYYY-MM-DD"; null for a date that
 * does not exist. */
export function ageOn(birth: string, today: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return null;
  const [ty, tm, td] = today.split('-').map(Number);
  let age = ty - y;
  if (tm < mo || (tm === mo && td < d)) age--;
  return age;
}

/* ---- Email ---- */

function emailValid(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.indexOf('@');
  if (at < 0) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return false;
  if (local.length > 64) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) return false;
  const tld = labels[labels.length - 1];
  return tld.length >= 2 && /^[A-Za-z]/.test(tld);
}

/* ---- Free text ---- */

function freeTextProblem(s: string, max: number, multiline: boolean): Problem | null {
  if (Array.from(s).length > max) return { key: 'v.too_long', params: { max } };
  /* As the server: control characters (tabs and line breaks allowed in multiline
     text) and the bidirectional embeddings, overrides and isolates. */
  const controls = multiline
    ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
    : /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  return controls.test(s) ? { key: 'v.control_chars' } : null;
}

/* ---- The whole form ---- */

export interface Context {
  /* The programme's rules, which a registration must meet. A staff correction is
   * held to the applicant's rules only, as the server checks it. */
  eligibility?: Eligibility;
  regions: Region[];
  today: string; /* "YYYY-MM-DD", UTC, as the server counts ages */
}

/* Every problem of the form, at most one per field. */
export function validateApplicant(v: ApplicantInput, ctx: Context): Problems {
  const out: Problems = {};
  const rules = ctx.eligibility ?? {};
  const required: Problem = { key: 'v.required' };

  if (!trim(v.cin)) out.cin = required;
  else if (!normalizeCin(v.cin)) out.cin = { key: 'v.cin' };

  checkNames(v, out);

  const birth = trim(v.birth_date);
  const age = birth ? ageOn(birth, ctx.today) : null;
  if (!birth) out.birth_date = required;
  else if (age === null) out.birth_date = { key: 'v.date' };
  else if (age < AGE_MIN || age > AGE_MAX)
    out.birth_date = { key: 'v.age', params: { min: AGE_MIN, max: AGE_MAX } };
  else if (rules.age_min !== undefined && age < rules.age_min)
    out.birth_date = { key: 'v.not_eligible_age_min', params: { n: rules.age_min } };
  else if (rules.age_max !== undefined && age > rules.age_max)
    out.birth_date = { key: 'v.not_eligible_age_max', params: { n: rules.age_max } };

  if (v.sex !== 'F' && v.sex !== 'M') out.sex = required;
  else if (rules.sexes?.length && !rules.sexes.includes(v.sex)) out.sex = { key: 'v.not_eligible_sexes' };

  if (!trim(v.phone)) out.phone = required;
  else if (!normalizePhone(v.phone)) out.phone = { key: 'v.phone' };

  const email = trim(v.email);
  if (email && !emailValid(email)) out.email = { key: 'v.email' };

  const region = ctx.regions.find((r) => r.code === v.region);
  if (!region) out.region = required;
  else if (rules.regions?.length && !rules.regions.includes(region.code))
    out.region = { key: 'v.not_eligible_regions' };
  const province = trim(v.province);
  if (!province) out.province = required;
  else if (region && !region.provinces.includes(province)) out.province = { key: 'v.province_not_in_region' };

  const commune = trim(v.commune);
  const communeProblem = commune ? freeTextProblem(commune, COMMUNE_MAX, false) : null;
  if (communeProblem) out.commune = communeProblem;
  const idea = trim(v.project_idea);
  const ideaProblem = idea ? freeTextProblem(idea, PROJECT_IDEA_MAX, true) : null;
  if (ideaProblem) out.project_idea = ideaProblem;

  for (const field of rules.required_fields ?? []) {
    const f = field as ApplicantField;
    if (!out[f] && trim(String(v[f] ?? '')) === '') out[f] = required;
  }

  if (!v.consent) out.consent = { key: 'v.consent' };
  return out;
}

/* The body to send: the form's text as typed (the server normalises), empty
 * optional fields left out. */
export function registrationBody(v: ApplicantInput): Partial<ApplicantInput> {
  const body: Partial<ApplicantInput> = { consent: v.consent };
  for (const [k, value] of Object.entries(v) as [ApplicantField, string | boolean][])
    if (typeof value === 'string' && trim(value) !== '') (body as Record<string, string>)[k] = value;
  return body;
}

/* The body of a staff correction: the fields whose text differs from the stored
 * values, as typed ("" clears an optional field). */
export function correctionBody(
  stored: ApplicantInput,
  v: ApplicantInput,
): Partial<Record<ApplicantDataField, string>> {
  const body: Partial<Record<ApplicantDataField, string>> = {};
  for (const f of applicantFields) if (v[f] !== stored[f]) body[f] = v[f];
  return body;
}
