// Enterprises created by beneficiaries, for staff: the list, filtered by programme,
// region, sector and follow-up due (in the address) and paged with the API's
// cursor, and the form that records the enterprise of an incubated beneficiary
// (which the server moves to "enterprise created") or changes one. The detail,
// with its follow-ups, is in EnterpriseDetail.tsx.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { Input, Select, TextArea } from '../components/Field';
import { FormErrors, formFields, useSent } from '../components/FormErrors';
import { Loading, LoadError } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/useLoad';
import { legalForms, milestones, sectors } from '../domain/enterprise';
import { can } from '../domain/permissions';
import { useI18n, type MessageKey } from '../i18n';
import { Link, navigate } from '../router';
import type { Enterprise, User } from '../types';
import { ApplicantName } from './ApplicantName';
import { findApplication } from './findApplication';
import { PlaceList, regionName, type PlaceFilters } from './PlaceList';

type Filters = PlaceFilters & {
  sector: string;
  followup_due: string;
};

export function EnterprisesPage({ user, query: q }: { user: User; query: URLSearchParams }) {
  const i = useI18n();
  const { t } = i;
  const filters: Filters = {
    program: q.get('program') ?? '',
    region: q.get('region') ?? '',
    sector: q.get('sector') ?? '',
    followup_due: q.get('followup_due') ?? '',
  };
  return (
    <PlaceList<Filters, Enterprise>
      user={user}
      query={q}
      filters={filters}
      href="/staff/enterprises"
      resource="/enterprises"
      title={t('enterprise.title')}
      filtersLabel={t('enterprise.filters')}
      empty={t('enterprise.empty')}
      newLabel={can.writeEnterprises(user) ? t('enterprise.new') : undefined}
      more={(f, set) => (
        <>
          <Select
            id="f-sector"
            label={t('enterprise.sector')}
            value={f.sector}
            placeholder={t('common.all')}
            onInput={(e) => set({ ...f, sector: e.currentTarget.value })}
            options={sectors.map((s) => ({ value: s, label: t(`enterprise.sector.${s}`) }))}
          />
          <Select
            id="f-followup_due"
            label={t('enterprise.due')}
            hint={t('enterprise.due_hint')}
            value={f.followup_due}
            placeholder={t('enterprise.due_any')}
            onInput={(e) => set({ ...f, followup_due: e.currentTarget.value })}
            options={milestones.map((m) => ({ value: String(m), label: t('enterprise.months', { n: m }) }))}
          />
        </>
      )}
      head={
        <>
          <th scope="col">{t('enterprise.name')}</th>
          <th scope="col">{t('training.beneficiary')}</th>
          <th scope="col">{t('enterprise.sector')}</th>
          <th scope="col">{t('field.region')}</th>
          <th scope="col">{t('enterprise.created_on')}</th>
          <th scope="col">{t('enterprise.jobs_created')}</th>
        </>
      }
      row={(x, regions) => (
        <>
          <td>
            <Link href={`/staff/enterprises/${x.id}`}>{x.name}</Link>
          </td>
          <td>
            <ApplicantName a={x.beneficiary} />
            <br />
            <small dir="ltr" class="ref">
              {x.reference}
            </small>
          </td>
          <td>{t(`enterprise.sector.${x.sector}` as MessageKey)}</td>
          <td>
            {regionName(i, regions, x.region)}
            <br />
            <small>{x.province}</small>
          </td>
          <td>{i.date(x.created_on)}</td>
          <td>{i.number(x.jobs_created)}</td>
        </>
      )}
    />
  );
}

/* ---- Recording an enterprise, or changing one ---- */

type Values = {
  application: string;
  name: string;
  sector: string;
  legal_form: string;
  created_on: string;
  jobs_created: string;
  description: string;
};

function valuesOf(x: Enterprise | undefined): Values {
  return {
    application: '',
    name: x?.name ?? '',
    sector: x?.sector ?? '',
    legal_form: x?.legal_form ?? '',
    created_on: x?.created_on ?? '',
    jobs_created: x ? String(x.jobs_created) : '',
    description: x?.description ?? '',
  };
}

/* The enterprise's own fields; an empty choice, date or number is sent as null so
 * that the server names it. */
function bodyOf(v: Values) {
  return {
    name: v.name,
    sector: v.sector || null,
    legal_form: v.legal_form || null,
    created_on: v.created_on || null,
    jobs_created: v.jobs_created === '' ? null : Number(v.jobs_created),
  };
}

/* Records the enterprise of a beneficiary named by her application (POST), or
 * changes `enterprise` (PATCH), whose beneficiary stays hers. */
function EnterpriseForm({ enterprise }: { enterprise?: Enterprise }) {
  const { t } = useI18n();
  const creating = !enterprise;
  const [v, setV] = useState<Values>(() => valuesOf(enterprise));
  const sent = useSent();
  const labels: Record<keyof Values, string> = {
    application: t('training.enrol_who'),
    name: t('enterprise.name'),
    sector: t('enterprise.sector'),
    legal_form: t('enterprise.legal_form'),
    created_on: t('enterprise.created_on'),
    jobs_created: t('enterprise.jobs_created'),
    description: t('enterprise.description'),
  };
  /* The server names the application "application_id". */
  const fields = {
    ...formFields('n', labels),
    application_id: { id: 'n-application', label: labels.application },
  };
  const bind = (k: keyof Values) => ({
    ...fields[k],
    value: v[k],
    error: sent.errors[k === 'application' ? 'application_id' : k],
    onInput: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setV((old) => ({ ...old, [k]: value }));
    },
  });

  async function create() {
    const id = await sent.send(() => findApplication(v.application));
    if (id === undefined) return undefined;
    if (id === null) {
      sent.refuse('application_id', t('enterprise.unknown_application'));
      return undefined;
    }
    return sent.send(() =>
      api<Enterprise>('POST', '/enterprises', {
        application_id: id,
        ...bodyOf(v),
        ...(v.description.trim() ? { description: v.description } : {}),
      }),
    );
  }

  async function submit(e: Event) {
    e.preventDefault();
    const saved = enterprise
      ? await sent.send(() =>
          api<Enterprise>('PATCH', `/enterprises/${enterprise.id}`, {
            ...bodyOf(v),
            description: v.description,
          }),
        )
      : await create();
    if (saved) navigate(`/staff/enterprises/${saved.id}`, { replace: creating });
  }

  return (
    <form class="form" onSubmit={submit} noValidate>
      <FormErrors sent={sent} fields={fields} />
      <fieldset>
        <legend>{t('enterprise.about')}</legend>
        {creating && (
          <Input {...bind('application')} hint={t('enterprise.application_hint')} dir="ltr" required />
        )}
        <Input {...bind('name')} required />
        <div class="row">
          <Select
            {...bind('sector')}
            required
            placeholder={t('common.choose')}
            options={sectors.map((s) => ({ value: s, label: t(`enterprise.sector.${s}`) }))}
          />
          <Select
            {...bind('legal_form')}
            required
            placeholder={t('common.choose')}
            options={legalForms.map((s) => ({ value: s, label: t(`enterprise.legal_form.${s}`) }))}
          />
        </div>
        <div class="row">
          <Input {...bind('created_on')} type="date" required />
          <Input {...bind('jobs_created')} type="number" min={0} inputMode="numeric" required />
        </div>
        <TextArea {...bind('description')} optional rows={3} />
      </fieldset>
      <button type="submit" class="button primary" disabled={sent.busy}>
        {creating ? t('enterprise.create') : t('common.save')}
      </button>
    </form>
  );
}

export function NewEnterprisePage() {
  const { t } = useI18n();
  return (
    <Page title={t('enterprise.new')}>
      <p>
        <Link href="/staff/enterprises">{t('enterprise.back')}</Link>
      </p>
      <EnterpriseForm />
    </Page>
  );
}

export function EditEnterprisePage({ id }: { id: string }) {
  const { t } = useI18n();
  const enterprise = useLoad(() => api<Enterprise>('GET', `/enterprises/${encodeURIComponent(id)}`), [id]);
  return (
    <Page
      title={enterprise.data ? t('enterprise.edit', { name: enterprise.data.name }) : t('enterprise.title')}
    >
      <p>
        <Link href={`/staff/enterprises/${encodeURIComponent(id)}`}>
          {t('enterprise.back_to_enterprise')}
        </Link>
      </p>
      {enterprise.error !== undefined && <LoadError error={enterprise.error} retry={enterprise.reload} />}
      {enterprise.loading && !enterprise.data && <Loading />}
      {enterprise.data && <EnterpriseForm enterprise={enterprise.data} />}
    </Page>
  );
}
