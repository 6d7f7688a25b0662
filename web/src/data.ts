// Reference data that every page may need and that does not change while the page
// is open: the regions (asked once), and the programmes (asked each time).
import { api } from './api';
import type { Page, Program, Region } from './types';

let regions: Promise<Region[]> | undefined;

export function getRegions(): Promise<Region[]> {
  regions ??= api<{ regions: Region[] }>('GET', '/regions').then(
    (r) => r.regions,
    (e: unknown) => {
      regions = undefined; /* ask again next time */
      throw e;
    },
  );
  return regions;
}

/* Open programmes for the public; every programme, with targets, for staff. */
export async function getPrograms(): Promise<Program[]> {
  return (await api<Page<Program>>('GET', '/programs')).items;
}
