// The public status check: reference number and CIN give the application's state
// and the date it last changed; nothing is revealed unless both match.
import { useState } from 'preact/hooks';
import { api, ApiError, errorText, query } from '../api';
import { Input } from '../components/Field';
import { ErrorNotice } from '../components/Notice';
import { Page } from '../components/Page';
import { StatusBadge } from '../components/StatusBadge';
import { normalizeCin } from '../domain/applicant';
import { useI18n } from '../i18n';
import type { AppState } from '../types';

interface StatusAnswer {
  reference: string;
  status: AppState;
  updated_at: string;
}

// Both fields are codes typed from a paper: left to right in every language, in
// capitals, never completed or spell-checked by the phone.
const CODE_INPUT = {
  dir: 'ltr',
  autocomplete: 'off',
  autocapitalize: 'characters',
  spellcheck: false,
  required: true,
} as const;

export function StatusPage({ initialReference }: { initialReference: string }) {
  const i = useI18n();
  const { t } = i;
  const [reference, setReference] = useState(initialReference);
  const [cin, setCin] = useState('');
  const [errors, setErrors] = useState<{ reference?: string; cin?: string }>({});
  const [answer, setAnswer] = useState<StatusAnswer | null>(null);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const problems = {
      reference: reference.trim() ? undefined : t('v.required'),
      cin: !cin.trim() ? t('v.required') : normalizeCin(cin) ? undefined : t('v.cin'),
    };
    setErrors(problems);
    setAnswer(null);
    setFailure('');
    if (problems.reference || problems.cin) {
      document.getElementById(problems.reference ? 'reference' : 'cin')?.focus();
      return;
    }
    setBusy(true);
    try {
      setAnswer(
        await api<StatusAnswer>('GET', `/applications/status${query({ reference: reference.trim(), cin })}`),
      );
    } catch (err) {
      setFailure(err instanceof ApiError && err.status === 404 ? t('status.not_found') : errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('status.title')}>
      <p class="lead">{t('status.intro')}</p>
      <form class="form" noValidate onSubmit={submit}>
        <Input
          id="reference"
          label={t('status.reference')}
          hint={t('status.reference_hint')}
          value={reference}
          error={errors.reference}
          {...CODE_INPUT}
          onInput={(e) => setReference(e.currentTarget.value)}
        />
        <Input
          id="cin"
          label={t('field.cin')}
          hint={t('field.cin_hint')}
          value={cin}
          error={errors.cin}
          {...CODE_INPUT}
          onInput={(e) => setCin(e.currentTarget.value)}
        />
        <button type="submit" class="button primary" disabled={busy}>
          {t('status.submit')}
        </button>
      </form>
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      <div aria-live="polite">
        {answer && (
          <section class="card status-result" data-testid="status-result">
            <h2>{t('status.result', { ref: answer.reference })}</h2>
            <p>
              <StatusBadge state={answer.status} />
            </p>
            <p>{t('status.updated', { date: i.date(answer.updated_at) })}</p>
          </section>
        )}
      </div>
    </Page>
  );
}
