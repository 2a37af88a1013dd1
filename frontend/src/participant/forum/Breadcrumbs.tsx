import { useLingui } from "@lingui/react/macro";
import { Link } from "react-router";

/** "Your jams › <jam> › <here>": the forum page's and the post page's trail. */
export function Breadcrumbs({ jam, current }: { jam: { slug: string; title: string }; current: string }) {
  const { t } = useLingui();
  return (
    <nav aria-label={t`Breadcrumb`} className="forum-breadcrumbs">
      <ol>
        <li>
          <Link to="/">{t`Your jams`}</Link>
        </li>
        <li>
          <Link to={`/jams/${encodeURIComponent(jam.slug)}`}>{jam.title}</Link>
        </li>
        <li>
          <span aria-current="page">{current}</span>
        </li>
      </ol>
    </nav>
  );
}
