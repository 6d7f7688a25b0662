// The 12 regions as a tile cartogram: one square per region, placed roughly where
// the region lies on the map of Morocco (north at the top), coloured by how much of
// its target is reached. The map keeps its geographic orientation in Arabic too.
import { useI18n, type I18n } from '../../i18n';
import type { RegionBilan } from './bilan';

/* Column and row of each region's tile. */
const tiles: Record<string, [number, number]> = {
  'MA-01': [2, 0],
  'MA-04': [1, 1],
  'MA-03': [2, 1],
  'MA-02': [3, 1],
  'MA-06': [1, 2],
  'MA-05': [2, 2],
  'MA-07': [1, 3],
  'MA-08': [2, 3],
  'MA-10': [0, 4],
  'MA-09': [1, 4],
  'MA-11': [0, 5],
  'MA-12': [0, 6],
};

/* Short names that fit in a tile. */
const short: Record<string, { fr: string; ar: string }> = {
  'MA-01': { fr: 'Tanger', ar: 'طنجة' },
  'MA-02': { fr: 'Oriental', ar: 'الشرق' },
  'MA-03': { fr: 'Fès-Meknès', ar: 'فاس مكناس' },
  'MA-04': { fr: 'Rabat', ar: 'الرباط' },
  'MA-05': { fr: 'Béni Mellal', ar: 'بني ملال' },
  'MA-06': { fr: 'Casablanca', ar: 'الدار البيضاء' },
  'MA-07': { fr: 'Marrakech', ar: 'مراكش' },
  'MA-08': { fr: 'Drâa', ar: 'درعة' },
  'MA-09': { fr: 'Souss', ar: 'سوس' },
  'MA-10': { fr: 'Guelmim', ar: 'كلميم' },
  'MA-11': { fr: 'Laâyoune', ar: 'العيون' },
  'MA-12': { fr: 'Dakhla', ar: 'الداخلة' },
};

/* Attainment classes: the upper bounds of the first four, then "reached". */
const bounds = [0.25, 0.5, 0.75, 1];

export function attainmentClass(r: RegionBilan): string {
  if (!r.target) return 'bin-none';
  const ratio = r.registered / r.target;
  const n = bounds.findIndex((b) => ratio < b);
  return `bin-${n < 0 ? bounds.length : n}`;
}

/* The classes with their ranges (numbers, read left to right in every language). */
function legend(i: I18n): { cls: string; label: string }[] {
  const pct = (x: number) => i.percent(x);
  return [
    { cls: 'bin-0', label: `< ${pct(0.25)}` },
    { cls: 'bin-1', label: `${pct(0.25)} – ${pct(0.5)}` },
    { cls: 'bin-2', label: `${pct(0.5)} – ${pct(0.75)}` },
    { cls: 'bin-3', label: `${pct(0.75)} – ${pct(1)}` },
    { cls: 'bin-4', label: `≥ ${pct(1)}` },
    { cls: 'bin-none', label: i.t('dash.no_target') },
  ];
}

const SIZE = 76;
const GAP = 4;

export function TileMap({ regions, names }: { regions: RegionBilan[]; names: Record<string, string> }) {
  const i = useI18n();
  const { t } = i;
  /* The frame fits the tiles shown: all twelve, or a coordinator's one. */
  const places = regions.map((r) => tiles[r.region] ?? [3, 6]);
  const cols = places.map(([c]) => c);
  const rows = places.map(([, r]) => r);
  const x0 = Math.min(...cols) * (SIZE + GAP);
  const y0 = Math.min(...rows) * (SIZE + GAP);
  const width = (Math.max(...cols) + 1) * (SIZE + GAP) - x0;
  const height = (Math.max(...rows) + 1) * (SIZE + GAP) - y0;
  return (
    <figure class="tilemap">
      <svg
        viewBox={`${x0} ${y0} ${width} ${height}`}
        class={regions.length === 1 ? 'single' : undefined}
        dir="ltr"
        role="img"
        aria-labelledby="tilemap-caption"
      >
        {regions.map((r, n) => {
          const [col, row] = places[n];
          const x = col * (SIZE + GAP);
          const y = row * (SIZE + GAP);
          const ratio = r.target ? i.percent(r.registered / r.target) : t('common.none');
          return (
            <g key={r.region} class={`tile ${attainmentClass(r)}`}>
              <title>{`${names[r.region] ?? r.region}: ${ratio}`}</title>
              <rect x={x} y={y} width={SIZE} height={SIZE} rx={6} />
              <text x={x + SIZE / 2} y={y + SIZE / 2 - 6} text-anchor="middle" class="tile-name">
                {short[r.region]?.[i.lang === 'ar' ? 'ar' : 'fr'] ?? r.region}
              </text>
              <text x={x + SIZE / 2} y={y + SIZE / 2 + 14} text-anchor="middle" class="tile-value">
                {ratio}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id="tilemap-caption">
        {t('dash.map_hint')}
        <ul class="legend" aria-label={t('dash.legend')}>
          {legend(i).map((l) => (
            <li key={l.cls}>
              <span class={`swatch ${l.cls}`} aria-hidden="true" />
              <span dir={l.cls === 'bin-none' ? undefined : 'ltr'}>{l.label}</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
