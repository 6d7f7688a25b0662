// How staff pages name an applicant: the spelling in the interface's script first,
// the other one after it when both were given, each isolated for bidi layout.
import { useI18n, type Lang } from '../i18n';
import type { Applicant } from '../types';

type Named = Pick<Applicant, 'first_name' | 'last_name' | 'first_name_ar' | 'last_name_ar'>;

/* The two spellings, the interface's script first; either may be empty. */
function spellings(a: Named, lang: Lang): [string, string] {
  const latin = [a.first_name, a.last_name].filter(Boolean).join(' ');
  const arabic = [a.first_name_ar, a.last_name_ar].filter(Boolean).join(' ');
  return lang === 'ar' ? [arabic, latin] : [latin, arabic];
}

/* The name as plain text, where markup cannot go (an <option>). */
export function applicantNameText(a: Named, lang: Lang): string {
  return spellings(a, lang).filter(Boolean).join(' · ');
}

export function ApplicantName({ a }: { a: Named }) {
  const { lang } = useI18n();
  const [first, second] = spellings(a, lang);
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
