// An application's state as a coloured label (colour is never the only cue: the
// text says the state).
import { useI18n } from '../i18n';
import type { AppState } from '../types';

export function StatusBadge({ state }: { state: AppState }) {
  const { t } = useI18n();
  return <span class={`badge badge-${state}`}>{t(`state.${state}`)}</span>;
}
