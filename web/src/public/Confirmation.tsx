// After a registration: the reference number, large and easy to copy or to keep in
// a screenshot, what the status means, and the way to track the application.
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import { Link } from '../router';

export function ConfirmationPage({ reference, status }: { reference: string; status: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard?.writeText(reference).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <Page title={t('done.title')}>
      <div class="confirmation">
        <p class="reference-label" id="reference-label">
          {t('done.reference')}
        </p>
        <p class="reference" dir="ltr" aria-labelledby="reference-label" data-testid="reference">
          {reference}
        </p>
        <p>{t('done.keep')}</p>
        <p class="status-line">{status === 'waitlisted' ? t('done.waitlisted') : t('done.submitted')}</p>
        <div class="actions">
          {navigator.clipboard && (
            <button type="button" class="button secondary" onClick={copy}>
              {t('done.copy')}
            </button>
          )}
          <Link class="button" href={`/status?reference=${encodeURIComponent(reference)}`}>
            {t('done.check')}
          </Link>
        </div>
        <p role="status">{copied ? t('done.copied') : ''}</p>
      </div>
    </Page>
  );
}
