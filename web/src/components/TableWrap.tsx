// The frame of a table that may be wider than the screen: it scrolls sideways,
// and can be focused and scrolled with the keyboard (it is a labelled region).
import type { ComponentChildren } from 'preact';

export function TableWrap({ label, children }: { label: string; children?: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
