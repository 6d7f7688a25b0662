// The filters the lists of trainings and enterprises share: the programme and the
// region (fixed for a regional coordinator, whose lists the server keeps to her
// region), with a list's own filters beside them.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Select } from '../components/Field';
import { useI18n, type I18n } from '../i18n';
import { Link } from '../router';
import type { Program, Region, User } from '../types';

export interface PlaceFilters {
  program: string;
  region: string;
}

/* The name of region `code` in the interface's language. */
export function regionName(i: I18n, regions: Region[], code: string): string {
  const r = regions.find((x) => x.code === code);
  return r ? i.name(r) : code;
}

/* `more` draws the list's own filters from the values being edited. */
export function PlaceFilterForm<F extends PlaceFilters>(props: {
  user: User;
  filters: F;
  programs: Program[];
  regions: Region[];
  label: string;
  resetHref: string;
  onApply(f: F): void;
  more?(f: F, set: (f: F) => void): ComponentChildren;
}) {
  const i = useI18n();
  const { t } = i;
  const [f, setF] = useState(props.filters);
  useEffect(() => setF(props.filters), [JSON.stringify(props.filters)]);
  const fixedRegion = props.user.scope === 'region' ? (props.user.region ?? '') : '';
  return (
    <form
      class="filters"
      role="search"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply(f);
      }}
    >
      <Select
        id="f-program"
        label={t('apps.program')}
        value={f.program}
        placeholder={t('common.all')}
        onInput={(e) => setF({ ...f, program: e.currentTarget.value })}
        options={props.programs.map((p) => ({ value: p.code, label: `${p.code} — ${i.name(p)}` }))}
      />
      {fixedRegion ? (
        <p class="field fixed">
          {t('apps.region_fixed', { region: regionName(i, props.regions, fixedRegion) })}
        </p>
      ) : (
        <Select
          id="f-region"
          label={t('field.region')}
          value={f.region}
          placeholder={t('common.all')}
          onInput={(e) => setF({ ...f, region: e.currentTarget.value })}
          options={props.regions.map((r) => ({ value: r.code, label: i.name(r) }))}
        />
      )}
      {props.more?.(f, setF)}
      <div class="filter-actions">
        <button type="submit" class="button primary">
          {t('apps.apply')}
        </button>
        <Link class="button secondary" href={props.resetHref}>
          {t('apps.reset')}
        </Link>
      </div>
    </form>
  );
}
