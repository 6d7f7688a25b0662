// Messages above or below a form: errors are announced at once (role="alert"),
// confirmations politely (role="status").
import type { ComponentChildren } from 'preact';

export function ErrorNotice({ children }: { children?: ComponentChildren }) {
  return (
    <div class="notice notice-error" role="alert">
      {children}
    </div>
  );
}

export function SuccessNotice({ children }: { children?: ComponentChildren }) {
  return (
    <div class="notice notice-ok" role="status">
      {children}
    </div>
  );
}
