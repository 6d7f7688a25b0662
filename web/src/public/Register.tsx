// The public registration form of a programme. Each field is checked as the
// applicant leaves it, with the server's rules (domain/applicant.ts); the server's
// own answer — field errors, eligibility, duplicate, closed registration — is shown
// at the fields it names and in a summary at the top.
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { api, ApiError, errorText } from '../api';
import { ErrorSummary, type SummaryItem } from '../components/ErrorSummary';
import { ApplicantFields } from '../components/ApplicantFields';
import { Checkbox } from '../components/Field';
import { Loading, LoadError } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/useLoad';
import { getPrograms, getRegions } from '../data';
import {
  formOrder,
  formValues,
  registrationBody,
  validateApplicant,
  type Problems,
} from '../domain/applicant';
import { utcToday } from '../domain/today';
import { useI18n, type MessageKey } from '../i18n';
import { Link, navigate } from '../router';
import type { ApplicantField, ApplicantInput, Program, Region } from '../types';

/* The field that an eligibility rule of the server's not_eligible answer is about. */
const ruleField: Record<string, ApplicantField> = {
  age_min: 'birth_date',
  age_max: 'birth_date',
  sexes: 'sex',
  regions: 'region',
};

export function RegisterPage({ code }: { code: string }) {
  const { t } = useI18n();
  const data = useLoad(() => Promise.all([getPrograms(), getRegions()]), []);
  if (data.loading)
    return (
      <Page title={t('register.title')}>
        <Loading />
      </Page>
    );
  if (data.error !== undefined || !data.data)
    return (
      <Page title={t('register.title')}>
        <LoadError error={data.error} retry={data.reload} />
      </Page>
    );
  const [programs, regions] = data.data;
  const program = programs.find((p) => p.code === code && p.registration_open);
  if (!program)
    return (
      <Page title={t('register.title')}>
        <p>{t('register.unknown_program')}</p>
        <Link href="/">{t('common.back_home')}</Link>
      </Page>
    );
  return <RegisterForm program={program} regions={regions} />;
}

function RegisterForm({ program, regions }: { program: Program; regions: Region[] }) {
  const i = useI18n();
  const { t } = i;
  const rules = program.eligibility;
  const sexes = rules.sexes?.length ? rules.sexes : (['F', 'M'] as const);
  const [values, setValues] = useState<ApplicantInput>(() =>
    formValues({ sex: sexes.length === 1 ? sexes[0] : '' }, false),
  );
  const [touched, setTouched] = useState<Set<ApplicantField>>(new Set());
  const [serverErrors, setServerErrors] = useState<Partial<Record<ApplicantField, string>>>({});
  const [message, setMessage] = useState<ComponentChildren>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);

  const today = utcToday();
  const problems: Problems = useMemo(
    () => validateApplicant(values, { eligibility: rules, regions, today }),
    [values, rules, regions, today],
  );
  const offered = rules.regions?.length ? regions.filter((r) => rules.regions?.includes(r.code)) : regions;

  const errorOf = (f: ApplicantField): string | undefined => {
    if (serverErrors[f]) return serverErrors[f];
    const p = problems[f];
    return p && (attempt > 0 || touched.has(f)) ? t(p.key, p.params) : undefined;
  };

  const set = (f: ApplicantField, v: string | boolean) => {
    setValues((old) => ({ ...old, [f]: v }));
    setServerErrors((old) => ({ ...old, [f]: undefined }));
  };
  const touch = (f: ApplicantField) => setTouched((old) => new Set(old).add(f));

  async function submit(e: Event) {
    e.preventDefault();
    setAttempt((n) => n + 1);
    setMessage(undefined);
    if (Object.keys(problems).length > 0) return;
    setSending(true);
    try {
      const done = await api<{ reference: string; status: string }>(
        'POST',
        `/programs/${encodeURIComponent(program.code)}/applications`,
        registrationBody(values),
      );
      navigate(`/registered/${encodeURIComponent(done.reference)}?status=${done.status}`);
    } catch (err) {
      showServerError(err);
    } finally {
      setSending(false);
    }
  }

  function showServerError(err: unknown) {
    if (!(err instanceof ApiError)) {
      setMessage(errorText(err, t));
      return;
    }
    const byField: Partial<Record<ApplicantField, string>> = {};
    for (const fe of err.fields) byField[fe.field as ApplicantField] = fe.message;
    if (err.code === 'not_eligible' && err.rule && ruleField[err.rule])
      byField[ruleField[err.rule]] = err.message;
    setServerErrors(byField);
    if (err.code === 'duplicate')
      setMessage(
        <>
          {err.message} {t('register.already')} <Link href="/status">{t('register.check_status')}</Link>
        </>,
      );
    else setMessage(errorText(err, t));
  }

  const order: ApplicantField[] = [...formOrder(i.rtl), 'consent'];
  const summary: SummaryItem[] =
    attempt > 0
      ? order.flatMap((f) => {
          const m = errorOf(f);
          return m ? [{ field: f, label: t(`field.${f}` as MessageKey), message: m }] : [];
        })
      : [];

  return (
    <Page title={t('register.heading', { program: i.name(program) })}>
      <p class="lead">{t('register.intro')}</p>
      <ErrorSummary items={summary} message={message} attempt={attempt} />
      <form class="form" noValidate onSubmit={submit}>
        <ApplicantFields
          values={values}
          errorOf={errorOf}
          set={set}
          touch={touch}
          regions={offered}
          sexes={sexes}
          required={rules.required_fields}
          today={today}
          namesHint={t('register.names_hint')}
          ownData
        />
        <fieldset>
          <legend>{t('register.consent_title')}</legend>
          <Checkbox
            id="consent"
            label={t('field.consent')}
            hint={t('field.consent_hint')}
            checked={values.consent}
            error={errorOf('consent')}
            required
            onChange={(e) => {
              set('consent', e.currentTarget.checked);
              touch('consent');
            }}
          />
        </fieldset>
        <button type="submit" class="button primary" disabled={sending}>
          {sending ? t('register.sending') : t('register.submit')}
        </button>
      </form>
    </Page>
  );
}
