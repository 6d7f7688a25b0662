// How staff pages name an applicant: the spelling in the interface's script first,
// the other one after it when both were given, each isolated for bidi layout.
import { useI18n } from '../i18n';
import type { Applicant } from '../types';

export function ApplicantName({ a }: { a: Applicant }) {
  const { lang } = useI18n();
  const latin = [a.first_name, a.last_name].filter(Boolean).join(' ');
  const arabic = [a.first_name_ar, a.last_name_ar].filter(Boolean).join(' ');
  const [first, second] = lang === 'ar' ? [arabic, latin] : [latin, arabic];
  return (
    <>
      <bdi>{first || second}</bdi>
      {first && second && (
        <>
          {' · '}
          <bdi>{second}</bdi>
        </>
      )}
    </>
  );
}
