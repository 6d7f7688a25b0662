// Trainings (cohorts) for staff: the list, filtered by programme and region in the
// address and paged with the API's cursor, and the form that creates a training or
// changes one. The detail of a training is in TrainingDetail.tsx.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { Input, Select, TextArea } from '../components/Field';
import { FormErrors, formFields, useSent } from '../components/FormErrors';
import { Loading, LoadError } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/useLoad';
import { getPrograms, getRegions } from '../data';
import { can } from '../domain/permissions';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import type { Program, Region, Training, User } from '../types';
import { PlaceList, regionName, type PlaceFilters } from './PlaceList';

export function TrainingsPage({ user, query: q }: { user: User; query: URLSearchParams }) {
  const i = useI18n();
  const { t } = i;
  return (
    <PlaceList<PlaceFilters, Training>
      user={user}
      query={q}
      filters={{ program: q.get('program') ?? '', region: q.get('region') ?? '' }}
      href="/staff/trainings"
      resource="/trainings"
      title={t('training.title')}
      filtersLabel={t('training.filters')}
      empty={t('training.empty')}
      newLabel={can.writeTrainings(user) ? t('training.new') : undefined}
      head={
        <>
          <th scope="col">{t('training.name')}</th>
          <th scope="col">{t('apps.program')}</th>
          <th scope="col">{t('field.region')}</th>
          <th scope="col">{t('training.dates')}</th>
          <th scope="col">{t('training.enrolled')}</th>
        </>
      }
      row={(x, regions) => (
        <>
          <td>
            <Link href={`/staff/trainings/${x.id}`}>{x.title}</Link>
            <br />
            <small>{x.venue}</small>
          </td>
          <td dir="ltr">{x.program}</td>
          <td>
            {regionName(i, regions, x.region)}
            <br />
            <small>{x.province}</small>
          </td>
          <td>{t('training.period', { from: i.date(x.starts_on), to: i.date(x.ends_on) })}</td>
          <td>{t('training.of_capacity', { n: i.number(x.enrolled), capacity: i.number(x.capacity) })}</td>
        </>
      )}
    />
  );
}

/* ---- Creating or changing a training ---- */

interface TrainingValues {
  program: string;
  title: string;
  venue: string;
  region: string;
  province: string;
  starts_on: string;
  ends_on: string;
  trainers: string; /* one name a line */
  capacity: string;
}

function valuesOf(x: Training | undefined, user: User): TrainingValues {
  return {
    program: x?.program ?? '',
    title: x?.title ?? '',
    venue: x?.venue ?? '',
    region: x?.region ?? (user.scope === 'region' ? (user.region ?? '') : ''),
    province: x?.province ?? '',
    starts_on: x?.starts_on ?? '',
    ends_on: x?.ends_on ?? '',
    trainers: x?.trainers.join('\n') ?? '',
    capacity: x ? String(x.capacity) : '',
  };
}

/* The body of the request: the programme only when creating (a training stays in
 * its programme); an empty number is sent as null so that the server names it. */
function bodyOf(v: TrainingValues, creating: boolean) {
  return {
    ...(creating ? { program: v.program } : {}),
    title: v.title,
    venue: v.venue,
    region: v.region,
    province: v.province,
    starts_on: v.starts_on || null,
    ends_on: v.ends_on || null,
    trainers: v.trainers
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    capacity: v.capacity === '' ? null : Number(v.capacity),
  };
}

function TrainingForm(props: { user: User; training?: Training; programs: Program[]; regions: Region[] }) {
  const i = useI18n();
  const { t } = i;
  const creating = !props.training;
  const [v, setV] = useState(() => valuesOf(props.training, props.user));
  const sent = useSent();
  const labels: Record<keyof TrainingValues, string> = {
    program: t('apps.program'),
    title: t('training.name'),
    venue: t('training.venue'),
    region: t('field.region'),
    province: t('field.province'),
    starts_on: t('training.starts_on'),
    ends_on: t('training.ends_on'),
    trainers: t('training.trainers'),
    capacity: t('training.capacity'),
  };
  const fields = formFields('t', labels);
  const bind = (k: keyof TrainingValues) => ({
    ...fields[k],
    value: v[k],
    error: sent.errors[k],
    onInput: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setV((old) => ({ ...old, [k]: value, ...(k === 'region' ? { province: '' } : {}) }));
    },
  });
  const fixedRegion = props.user.scope === 'region';
  const regions = fixedRegion ? props.regions.filter((r) => r.code === props.user.region) : props.regions;
  const region = props.regions.find((r) => r.code === v.region);

  async function submit(e: Event) {
    e.preventDefault();
    const saved = await sent.send(() =>
      creating
        ? api<Training>('POST', '/trainings', bodyOf(v, true))
        : api<Training>('PATCH', `/trainings/${props.training?.id}`, bodyOf(v, false)),
    );
    if (saved) navigate(`/staff/trainings/${saved.id}`, { replace: creating });
  }

  return (
    <form class="form" onSubmit={submit} noValidate>
      <FormErrors sent={sent} fields={fields} />
      <fieldset>
        <legend>{t('training.about')}</legend>
        {creating && (
          <Select
            {...bind('program')}
            required
            placeholder={t('common.choose')}
            options={props.programs.map((p) => ({ value: p.code, label: `${p.code} — ${i.name(p)}` }))}
          />
        )}
        <Input {...bind('title')} required />
        <div class="row">
          <Input {...bind('starts_on')} type="date" required />
          <Input {...bind('ends_on')} type="date" required />
        </div>
        <Input {...bind('capacity')} type="number" min={1} max={1000} inputMode="numeric" required />
        <TextArea {...bind('trainers')} hint={t('training.trainers_hint')} optional rows={3} />
      </fieldset>
      <fieldset>
        <legend>{t('training.place')}</legend>
        <Input {...bind('venue')} required />
        <div class="row">
          <Select
            {...bind('region')}
            required
            placeholder={fixedRegion ? undefined : t('common.choose')}
            options={regions.map((r) => ({ value: r.code, label: i.name(r) }))}
          />
          <Select
            {...bind('province')}
            required
            placeholder={t('common.choose')}
            disabled={!region}
            options={(region?.provinces ?? []).map((p) => ({ value: p, label: p }))}
          />
        </div>
      </fieldset>
      <button type="submit" class="button primary" disabled={sent.busy}>
        {creating ? t('training.create') : t('common.save')}
      </button>
    </form>
  );
}

export function NewTrainingPage({ user }: { user: User }) {
  const { t } = useI18n();
  const refs = useLoad(() => Promise.all([getPrograms(), getRegions()]), []);
  return (
    <Page title={t('training.new')}>
      <p>
        <Link href="/staff/trainings">{t('training.back')}</Link>
      </p>
      {refs.error !== undefined && <LoadError error={refs.error} retry={refs.reload} />}
      {refs.loading && <Loading />}
      {refs.data && <TrainingForm user={user} programs={refs.data[0]} regions={refs.data[1]} />}
    </Page>
  );
}

export function EditTrainingPage({ user, id }: { user: User; id: string }) {
  const { t } = useI18n();
  const data = useLoad(
    () => Promise.all([api<Training>('GET', `/trainings/${encodeURIComponent(id)}`), getRegions()]),
    [id],
  );
  return (
    <Page title={data.data ? t('training.edit', { title: data.data[0].title }) : t('training.title')}>
      <p>
        <Link href={`/staff/trainings/${encodeURIComponent(id)}`}>{t('training.back_to_training')}</Link>
      </p>
      {data.error !== undefined && <LoadError error={data.error} retry={data.reload} />}
      {data.loading && !data.data && <Loading />}
      {data.data && <TrainingForm user={user} training={data.data[0]} programs={[]} regions={data.data[1]} />}
    </Page>
  );
}
