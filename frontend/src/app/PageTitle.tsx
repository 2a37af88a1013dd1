import { useEffect, useRef, type ReactNode } from "react";
import { useLocation } from "react-router";

// The navigation whose heading took focus last: a page that shows its title again (after
// loading, say) does not steal focus twice.
let focusedFor: string | null = null;

/** The page's heading and the document's title. After a navigation (not on the first load)
 * focus moves to the heading, so a screen reader announces the new page and Tab continues
 * from there. */
export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    document.title = `${title} · jam`;
  }, [title]);
  useEffect(() => {
    // "default" is the location the page was loaded at.
    if (key === "default" || focusedFor === key) return;
    focusedFor = key;
    heading.current?.focus();
  }, [key]);
  return (
    <h1 ref={heading} tabIndex={-1} className="page-title">
      {children ?? title}
    </h1>
  );
}
