// A staff member's correction of an applicant's data: the registration's fields,
// prefilled with the stored values and checked with the applicant's rules
// (domain/applicant.ts) as the server checks a correction. Only the changed fields
// are sent (PATCH /applications/{id}); the server's field errors are shown at the
// fields and in the summary, its refusals as a notice.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, errorText } from '../api';
import { ApplicantFields } from '../components/ApplicantFields';
import { ErrorSummary, type SummaryItem } from '../components/ErrorSummary';
import {
  applicantFields,
  correctionBody,
  formOrder,
  formValues,
  validateApplicant,
  type ApplicantDataField,
  type Problems,
} from '../domain/applicant';
import { utcToday } from '../domain/today';
import { useI18n, type MessageKey } from '../i18n';
import type { Application, Region } from '../types';

/* What a refusal other than a field error means for the correction. */
const refusals: Record<number, MessageKey> = {
  403: 'correct.forbidden',
  404: 'correct.not_found',
  409: 'correct.conflict',
};

const isApplicantField = (f: string): f is ApplicantDataField =>
  (applicantFields as readonly string[]).includes(f);

export function ApplicantCorrection(props: {
  application: Application;
  /* The regions the user may place an applicant in. */
  regions: Region[];
  onSaved(): void;
  onCancel(): void;
}) {
  const i = useI18n();
  const { t } = i;
  /* Consent was given at registration (consent_at); a correction does not ask again. */
  const [stored] = useState(() => formValues(props.application.applicant, true));
  const [values, setValues] = useState(stored);
  const [touched, setTouched] = useState<Set<ApplicantDataField>>(new Set());
  const [serverErrors, setServerErrors] = useState<Partial<Record<ApplicantDataField, string>>>({});
  const [message, setMessage] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const today = utcToday();
  const problems: Problems = useMemo(
    () => validateApplicant(values, { regions: props.regions, today }),
    [values, props.regions, today],
  );

  /* The form replaces what the user was reading: the focus goes to its first field. */
  useEffect(() => form.current?.querySelector('input')?.focus(), []);

  const errorOf = (f: ApplicantDataField): string | undefined => {
    if (serverErrors[f]) return serverErrors[f];
    const p = problems[f];
    return p && (attempt > 0 || touched.has(f)) ? t(p.key, p.params) : undefined;
  };
  const set = (f: ApplicantDataField, v: string) => {
    setValues((old) => ({ ...old, [f]: v }));
    setServerErrors((old) => ({ ...old, [f]: undefined }));
  };
  const touch = (f: ApplicantDataField) => setTouched((old) => new Set(old).add(f));

  async function submit(e: Event) {
    e.preventDefault();
    setAttempt((n) => n + 1);
    setMessage('');
    if (Object.keys(problems).length > 0) return;
    const body = correctionBody(stored, values);
    if (Object.keys(body).length === 0) {
      setMessage(t('correct.unchanged'));
      return;
    }
    setSending(true);
    try {
      await api<Application>('PATCH', `/applications/${props.application.id}`, body);
      props.onSaved();
    } catch (err) {
      showRefusal(err);
    } finally {
      setSending(false);
    }
  }

  function showRefusal(err: unknown) {
    const byField: Partial<Record<ApplicantDataField, string>> = {};
    if (err instanceof ApiError)
      for (const fe of err.fields) if (isApplicantField(fe.field)) byField[fe.field] = fe.message;
    setServerErrors(byField);
    const refusal = err instanceof ApiError ? refusals[err.status] : undefined;
    setMessage(refusal ? t(refusal) : errorText(err, t));
    /* The summary appears only now: it takes the focus, as at a submission. */
    setAttempt((n) => n + 1);
  }

  const summary: SummaryItem[] =
    attempt > 0
      ? formOrder(i.rtl).flatMap((f) => {
          const m = errorOf(f);
          return m ? [{ field: f, label: t(`field.${f}` as MessageKey), message: m }] : [];
        })
      : [];

  return (
    <form class="form" noValidate onSubmit={submit} ref={form} aria-labelledby="applicant-title">
      <p class="hint">{t('correct.intro')}</p>
      <ErrorSummary items={summary} message={message} attempt={attempt} />
      <ApplicantFields
        values={values}
        errorOf={errorOf}
        set={set}
        touch={touch}
        regions={props.regions}
        sexes={['F', 'M']}
        today={today}
        ownData={false}
      />
      <div class="actions">
        <button type="submit" class="button primary" disabled={sending}>
          {sending ? t('correct.saving') : t('correct.save')}
        </button>
        <button type="button" class="button secondary" disabled={sending} onClick={props.onCancel}>
          {t('correct.cancel')}
        </button>
      </div>
    </form>
  );
}
