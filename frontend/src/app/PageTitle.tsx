import { useEffect, useRef, type ReactNode } from "react";

let firstPage = true;

/** The page's heading and the document's title. After a navigation focus moves to the heading,
 * so a screen reader announces the new page and Tab continues from there (not on first load). */
export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · jam`;
  }, [title]);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    heading.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1} className="page-title">
      {children ?? title}
    </h1>
  );
}
