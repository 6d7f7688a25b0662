// The figures of a programme's dashboard, from its bilan
// (GET /api/v1/reports/programs/{code}/bilan?format=json): by region the target, the
// registered count and the count per state, and the registrations per day, days
// without any included (the server lists only days that have some).
import { api } from '../../api';
import type { AppState } from '../../types';

export interface RegionBilan {
  region: string; /* "MA-09" */
  target: number | null; /* null: no target set */
  registered: number; /* applications in any state but withdrawn and ineligible */
  by_status: Partial<Record<AppState, number>>;
}

export interface Bilan {
  regions: RegionBilan[];
  by_day: { day: string; count: number }[]; /* every day from the first registration (UTC) */
}

/* The answer of the bilan endpoint, as far as the dashboard reads it. */
interface BilanAnswer {
  regions: RegionBilan[];
  over_time: { date: string; registrations: number }[];
}

/* Every day from `first` to `last` ("YYYY-MM-DD"), both included. */
function days(first: string, last: string): string[] {
  const out: string[] = [];
  for (
    let d = new Date(`${first}T00:00:00Z`);
    d.toISOString().slice(0, 10) <= last;
    d.setUTCDate(d.getUTCDate() + 1)
  )
    out.push(d.toISOString().slice(0, 10));
  return out;
}

export async function loadBilan(code: string): Promise<Bilan> {
  const answer = await api<BilanAnswer>(
    'GET',
    `/reports/programs/${encodeURIComponent(code)}/bilan?format=json`,
  );
  const counts = new Map(answer.over_time.map((d) => [d.date, d.registrations]));
  const dates = [...counts.keys()].sort();
  return {
    regions: answer.regions,
    by_day: dates.length
      ? days(dates[0], dates[dates.length - 1]).map((day) => ({ day, count: counts.get(day) ?? 0 }))
      : [],
  };
}
