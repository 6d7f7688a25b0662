// Today's date as the server counts days (UTC), to compare with the API's dates
// ("2026-03-02") as text.
export function utcToday(): string {
  return new Date().toISOString().slice(0, 10);
}
