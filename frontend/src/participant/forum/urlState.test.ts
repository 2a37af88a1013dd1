import { describe, expect, it } from "vitest";

import { forumViewSearch, normaliseTag, parseForumView, sortsFor, viewKey, withSearch } from "./urlState";

describe("parseForumView", () => {
  it("defaults to newest first, no search, no tag", () => {
    expect(parseForumView(new URLSearchParams(""))).toEqual({ sort: "NEW", search: "", tag: "", label: "" });
  });

  it("reads sort in any case, trims the search and normalises the tag", () => {
    const view = parseForumView(new URLSearchParams("sort=top&q=%20solar%20&tag=%20Remote%20%20Work"));
    expect(view).toEqual({ sort: "TOP", search: "solar", tag: "remote work", label: "" });
  });

  it("ignores an unknown sort", () => {
    expect(parseForumView(new URLSearchParams("sort=loudest")).sort).toBe("NEW");
  });

  it("cuts a search longer than the server accepts", () => {
    expect(parseForumView(new URLSearchParams(`q=${"a".repeat(300)}`)).search).toHaveLength(200);
  });
});

describe("best match", () => {
  it("is offered only while searching", () => {
    expect(sortsFor("")).not.toContain("RELEVANCE");
    expect(sortsFor("solar")).toContain("RELEVANCE");
  });

  it("is read from the address only with a search", () => {
    expect(parseForumView(new URLSearchParams("sort=relevance&q=solar")).sort).toBe("RELEVANCE");
    expect(parseForumView(new URLSearchParams("sort=relevance")).sort).toBe("NEW");
  });

  it("becomes newest first when the search is cleared", () => {
    const view = { sort: "RELEVANCE" as const, search: "solar", tag: "", label: "" as const };
    expect(withSearch(view, "").sort).toBe("NEW");
    expect(withSearch(view, "wind").sort).toBe("RELEVANCE");
    expect(withSearch({ ...view, sort: "TOP" }, "").sort).toBe("TOP");
  });
});

describe("forumViewSearch", () => {
  it("leaves the defaults out", () => {
    expect(forumViewSearch({ sort: "NEW", search: "", tag: "", label: "" })).toBe("");
  });

  it("round-trips through the address, encoding user text", () => {
    const view = { sort: "HOT" as const, search: "a&b=c <x>", tag: "café & co", label: "" as const };
    const search = forumViewSearch(view);
    expect(search).toBe("?sort=hot&q=a%26b%3Dc+%3Cx%3E&tag=caf%C3%A9+%26+co");
    expect(parseForumView(new URLSearchParams(search))).toEqual(view);
  });

  it("gives the same key for the same view however it was spelled", () => {
    const a = parseForumView(new URLSearchParams("sort=TOP&tag=Energy"));
    const b = parseForumView(new URLSearchParams("tag=energy&sort=top"));
    expect(viewKey(a)).toBe(viewKey(b));
  });
});

describe("the label filter in the address", () => {
  it("reads ?label= in any case, ignoring unknown labels", () => {
    expect(parseForumView(new URLSearchParams("label=best")).label).toBe("BEST");
    expect(parseForumView(new URLSearchParams("label=Emerging")).label).toBe("EMERGING");
    expect(parseForumView(new URLSearchParams("label=nonsense")).label).toBe("");
  });

  it("writes it lowercase beside the other filters, and leaves All out", () => {
    const view = { sort: "TOP" as const, search: "", tag: "energy", label: "EMERGING" as const };
    expect(forumViewSearch(view)).toBe("?sort=top&tag=energy&label=emerging");
    expect(parseForumView(new URLSearchParams(forumViewSearch(view)))).toEqual(view);
    expect(forumViewSearch({ ...view, label: "" })).toBe("?sort=top&tag=energy");
  });

  it("gives a different list key per label", () => {
    const all = parseForumView(new URLSearchParams(""));
    expect(viewKey(all)).not.toBe(viewKey({ ...all, label: "BEST" }));
  });
});

describe("normaliseTag", () => {
  it("lowercases, trims and collapses spaces like the server", () => {
    expect(normaliseTag("  Remote\t  Work ")).toBe("remote work");
  });
});
