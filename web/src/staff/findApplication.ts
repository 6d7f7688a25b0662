// Staff name an application by its id or by its reference (JISR-MA-09-000123); the
// API's enrolment and enterprise bodies take the id, so a reference is looked up in
// the list of applications first.
import { api, query } from '../api';
import type { Application, Page } from '../types';

/* The id of the application `text` names, or null when none in scope has that
 * reference. */
export async function findApplication(text: string, program?: string): Promise<number | null> {
  const wanted = text.trim();
  if (/^\d+$/.test(wanted)) return Number(wanted);
  const found = await api<Page<Application>>(
    'GET',
    `/applications${query({ q: wanted, program, limit: 5 })}`,
  );
  return found.items.find((a) => a.reference.toUpperCase() === wanted.toUpperCase())?.id ?? null;
}
