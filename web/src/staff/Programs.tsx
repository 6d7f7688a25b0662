// Programme settings: the list of programmes, the creation of one, and for each its
// names, dates, open or closed registration, eligibility rules and targets per
// region. Roles that may not change programmes see the same pages read-only.
import { useState } from 'preact/hooks';
import { api, ApiError, errorText } from '../api';
import { Checkbox, Input } from '../components/Field';
import { LoadError, Loading, NotLoadedPage } from '../components/Loading';
import { ErrorNotice, SuccessNotice } from '../components/Notice';
import { Page } from '../components/Page';
import { useLoad } from '../components/useLoad';
import { getPrograms, getRegions } from '../data';
import { can } from '../domain/permissions';
import { useI18n, type MessageKey } from '../i18n';
import { Link, navigate } from '../router';
import type { Eligibility, Program, Region, User } from '../types';
import { TableWrap } from '../components/TableWrap';

export function ProgramsAdminPage({ user }: { user: User }) {
  const i = useI18n();
  const { t } = i;
  const programs = useLoad(getPrograms, []);
  return (
    <Page title={t('prog.title')}>
      {can.writePrograms(user) && (
        <p>
          <Link class="button primary" href="/staff/programs/new">
            {t('prog.new')}
          </Link>
        </p>
      )}
      {programs.error !== undefined && <LoadError error={programs.error} retry={programs.reload} />}
      {programs.loading && <Loading />}
      {programs.data && (
        <TableWrap label={t('prog.title')}>
          <table class="list">
            <caption class="visually-hidden">{t('prog.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('prog.code')}</th>
                <th scope="col">{t('apps.name')}</th>
                <th scope="col">{t('prog.starts_on')}</th>
                <th scope="col">{t('prog.ends_on')}</th>
                <th scope="col">{t('prog.registration')}</th>
              </tr>
            </thead>
            <tbody>
              {programs.data.map((p) => (
                <tr key={p.code}>
                  <td dir="ltr">
                    <Link href={`/staff/programs/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                  </td>
                  <td>{i.name(p)}</td>
                  <td>{p.starts_on ? i.date(p.starts_on) : t('common.none')}</td>
                  <td>{p.ends_on ? i.date(p.ends_on) : t('common.none')}</td>
                  <td>{p.registration_open ? t('prog.open') : t('prog.closed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Page>
  );
}

/* ---- The programme form ---- */

const requirable = [
  'phone',
  'email',
  'commune',
  'education',
  'situation',
  'project_idea',
  'first_name_ar',
  'last_name_ar',
];

interface FormValues {
  code: string;
  name_fr: string;
  name_ar: string;
  starts_on: string;
  ends_on: string;
  registration_open: boolean;
  age_min: string;
  age_max: string;
  sexes: string[];
  regions: string[];
  required_fields: string[];
}

function valuesOf(p?: Program): FormValues {
  const e = p?.eligibility ?? {};
  return {
    code: p?.code ?? '',
    name_fr: p?.name_fr ?? '',
    name_ar: p?.name_ar ?? '',
    starts_on: p?.starts_on ?? '',
    ends_on: p?.ends_on ?? '',
    registration_open: p?.registration_open ?? false,
    age_min: e.age_min?.toString() ?? '',
    age_max: e.age_max?.toString() ?? '',
    sexes: e.sexes ?? [],
    regions: e.regions ?? [],
    required_fields: e.required_fields ?? [],
  };
}

function bodyOf(v: FormValues, creating: boolean) {
  const eligibility: Eligibility = {};
  if (v.age_min !== '') eligibility.age_min = Number(v.age_min);
  if (v.age_max !== '') eligibility.age_max = Number(v.age_max);
  if (v.sexes.length) eligibility.sexes = v.sexes as ('F' | 'M')[];
  if (v.regions.length) eligibility.regions = v.regions;
  if (v.required_fields.length) eligibility.required_fields = v.required_fields;
  return {
    ...(creating ? { code: v.code } : {}),
    name_fr: v.name_fr,
    name_ar: v.name_ar,
    starts_on: v.starts_on || null,
    ends_on: v.ends_on || null,
    registration_open: v.registration_open,
    eligibility,
  };
}

function ProgramForm(props: {
  program?: Program;
  regions: Region[];
  readOnly: boolean;
  onSaved(p: Program): void;
}) {
  const i = useI18n();
  const { t } = i;
  const creating = !props.program;
  const [v, setV] = useState<FormValues>(() => valuesOf(props.program));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const text = (k: 'code' | 'name_fr' | 'name_ar' | 'starts_on' | 'ends_on' | 'age_min' | 'age_max') => ({
    id: `p-${k}`,
    value: v[k],
    error: errors[k],
    onInput: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setV((old) => ({ ...old, [k]: value }));
    },
  });
  const toggle = (k: 'sexes' | 'regions' | 'required_fields', item: string) =>
    setV((old) => ({
      ...old,
      [k]: old[k].includes(item) ? old[k].filter((x) => x !== item) : [...old[k], item],
    }));

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure('');
    setSaved(false);
    try {
      const p = creating
        ? await api<Program>('POST', '/programs', bodyOf(v, true))
        : await api<Program>('PATCH', `/programs/${encodeURIComponent(v.code)}`, bodyOf(v, false));
      setSaved(true);
      props.onSaved(p);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) {
        const byField: Record<string, string> = {};
        for (const f of err.fields) byField[f.field.replace(/^eligibility\./, '')] = f.message;
        setErrors(byField);
      }
      setFailure(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form" onSubmit={submit} noValidate>
      <fieldset disabled={props.readOnly}>
        <legend>{t('prog.settings')}</legend>
        {creating && (
          <Input {...text('code')} label={t('prog.code')} hint={t('prog.code_hint')} dir="ltr" required />
        )}
        <Input {...text('name_fr')} label={t('prog.name_fr')} lang="fr" dir="ltr" required />
        <Input {...text('name_ar')} label={t('prog.name_ar')} lang="ar" dir="rtl" required />
        <div class="row">
          <Input {...text('starts_on')} type="date" label={t('prog.starts_on')} optional />
          <Input {...text('ends_on')} type="date" label={t('prog.ends_on')} optional />
        </div>
        <Checkbox
          id="p-registration_open"
          label={t('prog.open_label')}
          checked={v.registration_open}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            setV((old) => ({ ...old, registration_open: checked }));
          }}
        />
      </fieldset>
      <fieldset disabled={props.readOnly}>
        <legend>{t('prog.eligibility')}</legend>
        <div class="row">
          <Input {...text('age_min')} type="number" min={0} max={120} label={t('prog.age_min')} optional />
          <Input {...text('age_max')} type="number" min={0} max={120} label={t('prog.age_max')} optional />
        </div>
        <CheckList
          id="p-sexes"
          legend={t('prog.sexes')}
          error={errors.sexes}
          items={['F', 'M'].map((s) => ({ value: s, label: t(`sex.${s}` as MessageKey) }))}
          checked={v.sexes}
          onToggle={(s) => toggle('sexes', s)}
        />
        <CheckList
          id="p-regions"
          legend={t('prog.regions')}
          error={errors.regions}
          items={props.regions.map((r) => ({ value: r.code, label: i.name(r) }))}
          checked={v.regions}
          onToggle={(r) => toggle('regions', r)}
        />
        <CheckList
          id="p-required"
          legend={t('prog.required_fields')}
          error={errors.required_fields}
          items={requirable.map((f) => ({ value: f, label: t(`field.${f}` as MessageKey) }))}
          checked={v.required_fields}
          onToggle={(f) => toggle('required_fields', f)}
        />
      </fieldset>
      {!props.readOnly && (
        <button type="submit" class="button primary" disabled={busy}>
          {creating ? t('prog.create') : t('common.save')}
        </button>
      )}
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      {saved && <SuccessNotice>{t('common.saved')}</SuccessNotice>}
    </form>
  );
}

function CheckList(props: {
  id: string;
  legend: string;
  error?: string;
  items: { value: string; label: string }[];
  checked: string[];
  onToggle(value: string): void;
}) {
  return (
    <fieldset
      id={props.id}
      class="checklist"
      aria-describedby={props.error ? `${props.id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      {props.items.map((item) => (
        <label key={item.value} class="radio">
          <input
            type="checkbox"
            value={item.value}
            checked={props.checked.includes(item.value)}
            onChange={() => props.onToggle(item.value)}
          />
          {item.label}
        </label>
      ))}
      {props.error && (
        <p class="error-text" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/* ---- Targets per region ---- */

function TargetsForm({
  program,
  regions,
  readOnly,
}: {
  program: Program;
  regions: Region[];
  readOnly: boolean;
}) {
  const i = useI18n();
  const { t } = i;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries((program.targets ?? []).map((x) => [x.region, String(x.beneficiaries)])),
  );
  const [failure, setFailure] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const total = Object.values(values).reduce((sum, v) => sum + (Number(v) || 0), 0);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setFailure('');
    setSaved(false);
    try {
      const targets = regions
        .filter((r) => (values[r.code] ?? '') !== '')
        .map((r) => ({ region: r.code, beneficiaries: Number(values[r.code]) }));
      await api('PUT', `/programs/${encodeURIComponent(program.code)}/targets`, { targets });
      setSaved(true);
    } catch (err) {
      setFailure(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={submit} aria-labelledby="targets-title">
      <h2 id="targets-title">{t('prog.targets')}</h2>
      <fieldset disabled={readOnly} class="plain">
        <legend class="visually-hidden">{t('prog.targets')}</legend>
        <TableWrap label={t('prog.targets')}>
          <table class="list targets">
            <thead>
              <tr>
                <th scope="col">{t('field.region')}</th>
                <th scope="col">{t('prog.target')}</th>
              </tr>
            </thead>
            <tbody>
              {regions.map((r) => (
                <tr key={r.code}>
                  <th scope="row">
                    <label for={`target-${r.code}`}>{i.name(r)}</label>
                  </th>
                  <td>
                    <input
                      id={`target-${r.code}`}
                      type="number"
                      min={0}
                      inputMode="numeric"
                      value={values[r.code] ?? ''}
                      onInput={(e) => {
                        const value = e.currentTarget.value;
                        setValues((old) => ({ ...old, [r.code]: value }));
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('prog.total')}</th>
                <td>{i.number(total)}</td>
              </tr>
            </tfoot>
          </table>
        </TableWrap>
      </fieldset>
      {!readOnly && (
        <button type="submit" class="button primary" disabled={busy}>
          {t('prog.save_targets')}
        </button>
      )}
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      {saved && <SuccessNotice>{t('common.saved')}</SuccessNotice>}
    </form>
  );
}

/* ---- Pages ---- */

export function NewProgramPage() {
  const { t } = useI18n();
  const regions = useLoad(getRegions, []);
  return (
    <Page title={t('prog.new')}>
      {regions.error !== undefined && <LoadError error={regions.error} retry={regions.reload} />}
      {regions.data && (
        <ProgramForm
          regions={regions.data}
          readOnly={false}
          onSaved={(p) => navigate(`/staff/programs/${encodeURIComponent(p.code)}`, { replace: true })}
        />
      )}
    </Page>
  );
}

export function ProgramSettingsPage({ user, code }: { user: User; code: string }) {
  const i = useI18n();
  const data = useLoad(
    () => Promise.all([api<Program>('GET', `/programs/${encodeURIComponent(code)}`), getRegions()]),
    [code],
  );
  const readOnly = !can.writePrograms(user);
  if (data.error !== undefined || !data.data) return <NotLoadedPage title={code} loaded={data} />;
  const [program, regions] = data.data;
  return (
    <Page title={`${program.code} — ${i.name(program)}`}>
      <p>
        <Link href={`/staff/dashboard?program=${encodeURIComponent(program.code)}`}>
          {i.t('nav.dashboard')}
        </Link>
      </p>
      {readOnly && <p class="notice">{i.t('prog.read_only')}</p>}
      <ProgramForm program={program} regions={regions} readOnly={readOnly} onSaved={data.reload} />
      <TargetsForm program={program} regions={regions} readOnly={readOnly} />
    </Page>
  );
}
