// The applicant's data as form controls, in fieldsets (identity, contact, place,
// profile): the public registration and the staff correction of an application
// both show these, so that they ask for the same things in the same order. The
// form around them keeps the values and decides which errors to show.
import type { JSX } from 'preact';
import { educations, situations, type ApplicantDataField } from '../domain/applicant';
import { useI18n, type MessageKey } from '../i18n';
import type { ApplicantInput, Region } from '../types';
import { Input, RadioGroup, Select, TextArea } from './Field';

interface Props {
  values: ApplicantInput;
  errorOf(f: ApplicantDataField): string | undefined;
  set(f: ApplicantDataField, value: string): void;
  touch(f: ApplicantDataField): void;
  /* The regions to choose from. */
  regions: Region[];
  sexes: readonly ('F' | 'M')[];
  /* Fields the programme requires besides those every applicant gives. */
  required?: string[];
  today: string;
  namesHint?: string;
  /* The applicant fills in her own data: the browser may offer what it remembers
   * of her. Staff correcting someone else's data must not be offered their own. */
  ownData: boolean;
}

export function ApplicantFields(props: Props) {
  const i = useI18n();
  const { t } = i;
  const { values, errorOf, set, touch, today } = props;
  const region = props.regions.find((r) => r.code === values.region);
  const optional = (f: ApplicantDataField) => !props.required?.includes(f);
  const autocomplete = (token?: string) => (props.ownData ? token : 'off');

  /* The props that tie a text control to field f. */
  const bind = (f: Exclude<ApplicantDataField, 'sex'>) => ({
    id: f,
    label: t(`field.${f}` as MessageKey),
    value: values[f],
    error: errorOf(f),
    onInput: (e: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
      set(f, e.currentTarget.value),
    onBlur: () => touch(f),
  });

  const latinInputs = (
    <>
      <Input {...bind('first_name')} autocomplete={autocomplete('given-name')} dir="ltr" lang="fr" />
      <Input {...bind('last_name')} autocomplete={autocomplete('family-name')} dir="ltr" lang="fr" />
    </>
  );
  const arabicInputs = (
    <>
      <Input {...bind('first_name_ar')} autocomplete={autocomplete()} dir="rtl" lang="ar" />
      <Input {...bind('last_name_ar')} autocomplete={autocomplete()} dir="rtl" lang="ar" />
    </>
  );

  return (
    <>
      <fieldset>
        <legend>{t('register.identity')}</legend>
        <Input
          {...bind('cin')}
          hint={t('field.cin_hint')}
          dir="ltr"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          required
        />
        {props.namesHint && <p class="hint">{props.namesHint}</p>}
        {i.rtl ? arabicInputs : latinInputs}
        {i.rtl ? latinInputs : arabicInputs}
        <Input {...bind('birth_date')} type="date" max={today} autocomplete={autocomplete('bday')} required />
        <RadioGroup
          id="sex"
          legend={t('field.sex')}
          options={props.sexes.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
          value={values.sex}
          error={errorOf('sex')}
          required
          onChange={(v) => {
            set('sex', v);
            touch('sex');
          }}
        />
      </fieldset>
      <fieldset>
        <legend>{t('register.contact')}</legend>
        <Input
          {...bind('phone')}
          type="tel"
          inputMode="tel"
          autocomplete={autocomplete('tel')}
          dir="ltr"
          hint={t('field.phone_hint')}
          required
        />
        <Input
          {...bind('email')}
          type="email"
          autocomplete={autocomplete('email')}
          dir="ltr"
          optional={optional('email')}
        />
      </fieldset>
      <fieldset>
        <legend>{t('register.place')}</legend>
        <Select
          {...bind('region')}
          onInput={(e) => {
            /* A province belongs to one region: another region empties it. */
            set('region', e.currentTarget.value);
            set('province', '');
          }}
          placeholder={t('common.choose')}
          options={props.regions.map((r) => ({ value: r.code, label: i.name(r) }))}
          required
        />
        <Select
          {...bind('province')}
          placeholder={t('common.choose')}
          options={(region?.provinces ?? []).map((p) => ({ value: p, label: p }))}
          disabled={!region}
          required
        />
        <Input
          {...bind('commune')}
          optional={optional('commune')}
          autocomplete={autocomplete('address-level2')}
        />
      </fieldset>
      <fieldset>
        <legend>{t('register.profile')}</legend>
        <Select
          {...bind('education')}
          optional={optional('education')}
          placeholder={t('common.choose')}
          options={educations.map((v) => ({ value: v, label: t(`education.${v}`) }))}
        />
        <Select
          {...bind('situation')}
          optional={optional('situation')}
          placeholder={t('common.choose')}
          options={situations.map((v) => ({ value: v, label: t(`situation.${v}`) }))}
        />
        <TextArea {...bind('project_idea')} optional={optional('project_idea')} rows={4} maxLength={1000} />
      </fieldset>
    </>
  );
}
