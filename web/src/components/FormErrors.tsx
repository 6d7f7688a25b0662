// A form sent to the API: busy while the call runs and, after a refusal (422 with
// per-field errors, 403, 404, 409), the server's message in a summary at the top
// of the form, and each error it names next to its field.
import { useState } from 'preact/hooks';
import { ApiError, errorText } from '../api';
import { useI18n } from '../i18n';
import { ErrorSummary } from './ErrorSummary';

export interface Sent {
  busy: boolean;
  /* Counts the refusals: each moves the focus to the summary again. */
  attempt: number;
  failure: string;
  /* The server's messages by field, "trainers[1]" filed under "trainers". */
  errors: Record<string, string>;
  /* Runs `call`; its result, or undefined once the refusal is shown. */
  send<T>(call: () => Promise<T>): Promise<T | undefined>;
  /* An error found before sending, shown like the server's. */
  refuse(field: string, message: string): void;
}

function fieldOf(name: string): string {
  return name.split(/[[.]/)[0];
}

export function useSent(): Sent {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  return {
    busy,
    attempt,
    failure,
    errors,
    async send<T>(call: () => Promise<T>) {
      setBusy(true);
      setFailure('');
      setErrors({});
      try {
        return await call();
      } catch (err) {
        const byField: Record<string, string> = {};
        if (err instanceof ApiError) for (const f of err.fields) byField[fieldOf(f.field)] ??= f.message;
        setErrors(byField);
        setFailure(errorText(err, t));
        setAttempt((n) => n + 1);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    refuse(field, message) {
      setFailure('');
      setErrors({ [field]: message });
      setAttempt((n) => n + 1);
    },
  };
}

/* The control id (`${prefix}-${name}`) and label of each field of a form, for
 * FormErrors and for the controls themselves. */
export function formFields<K extends string>(
  prefix: string,
  labels: Record<K, string>,
): Record<K, { id: string; label: string }> {
  return Object.fromEntries(
    Object.entries<string>(labels).map(([k, label]) => [k, { id: `${prefix}-${k}`, label }]),
  ) as Record<K, { id: string; label: string }>;
}

/* The summary of a refusal; `fields` gives the control id and label of each field
 * the form shows. A field it does not show has its message in the summary's text. */
export function FormErrors({
  sent,
  fields,
}: {
  sent: Sent;
  fields: Record<string, { id: string; label: string }>;
}) {
  const items = Object.entries(sent.errors)
    .filter(([name]) => name in fields)
    .map(([name, message]) => ({ field: fields[name].id, label: fields[name].label, message }));
  const others = Object.entries(sent.errors)
    .filter(([name]) => !(name in fields))
    .map(([, message]) => message);
  const message = [sent.failure, ...others].filter(Boolean).join(' ');
  return <ErrorSummary items={items} message={message || undefined} attempt={sent.attempt} />;
}
