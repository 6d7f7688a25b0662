// Form fields with their label, hint and error message tied to the control
// (aria-describedby, aria-invalid), so that screen readers read them together.
import type { ComponentChildren, JSX } from 'preact';
import { useI18n } from '../i18n';

interface Shell {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
}

/* The ARIA attributes a control of field `id` needs. */
function described(id: string, hint?: string, error?: string) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? true : undefined };
}

function FieldShell({ id, label, hint, error, optional, children }: Shell & { children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>
        {label}
        {optional && <span class="optional"> {t('common.optional')}</span>}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p class="error-text" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

type InputProps = Shell & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'label'>;

export function Input({ id, label, hint, error, optional, ...rest }: InputProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      <input id={id} name={id} {...rest} {...described(id, hint, error)} />
    </FieldShell>
  );
}

type TextAreaProps = Shell & Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'label'>;

export function TextArea({ id, label, hint, error, optional, ...rest }: TextAreaProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea id={id} name={id} {...rest} {...described(id, hint, error)} />
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

type SelectProps = Shell &
  Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'label'> & {
    options: Option[];
    /* The text of the empty first option; none when absent. */
    placeholder?: string;
  };

export function Select({ id, label, hint, error, optional, options, placeholder, ...rest }: SelectProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      <select id={id} name={id} {...rest} {...described(id, hint, error)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

type CheckboxProps = Omit<Shell, 'optional'> &
  Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'label'>;

/* A checkbox with its label beside it. */
export function Checkbox({ id, label, hint, error, ...rest }: CheckboxProps) {
  return (
    <div class={error ? 'field check field-error' : 'field check'}>
      <input type="checkbox" id={id} name={id} {...rest} {...described(id, hint, error)} />
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error-text" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

interface RadioGroupProps {
  id: string;
  legend: string;
  options: Option[];
  value: string;
  error?: string;
  required?: boolean;
  onChange(value: string): void;
}

/* Radio buttons in a fieldset; the error is tied to the group. */
export function RadioGroup({ id, legend, options, value, error, required, onChange }: RadioGroupProps) {
  return (
    <fieldset
      id={id}
      class={error ? 'field radios field-error' : 'field radios'}
      aria-describedby={error ? `${id}-error` : undefined}
      aria-invalid={error ? true : undefined}
      aria-required={required ? true : undefined}
      role="radiogroup"
    >
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} class="radio">
          <input
            type="radio"
            name={id}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
      {error && (
        <p class="error-text" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
