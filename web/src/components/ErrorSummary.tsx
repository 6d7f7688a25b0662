// The list of a form's errors, at its top, each a link that moves to its field.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';

export interface SummaryItem {
  field: string; /* the id of the control or of its fieldset */
  label: string;
  message: string;
}

function focusField(id: string) {
  const el = document.getElementById(id);
  const target = el instanceof HTMLFieldSetElement ? el.querySelector('input') : el;
  target?.focus();
  target?.scrollIntoView({ block: 'center' });
}

/* `attempt` changes at each submission, which moves the focus here again. */
export function ErrorSummary({
  items,
  message,
  attempt,
}: {
  items: SummaryItem[];
  message?: ComponentChildren;
  attempt: number;
}) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt > 0) box.current?.focus();
  }, [attempt]);
  if (!items.length && !message) return null;
  return (
    <div class="notice notice-error" role="alert" tabIndex={-1} ref={box}>
      {message && <p>{message}</p>}
      {items.length > 0 && (
        <>
          <p>{t('common.errors_summary')}</p>
          <ul>
            {items.map((i) => (
              <li key={i.field}>
                <a
                  href={`#${i.field}`}
                  onClick={(e) => {
                    e.preventDefault();
                    focusField(i.field);
                  }}
                >
                  {i.label}
                </a>
                {t('common.colon')}
                {i.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
