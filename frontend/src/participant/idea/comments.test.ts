import { describe, expect, it } from "vitest";

import { buildThread, countThread, paragraphs, replyParentId, sortComments, type CommentData } from "./comments";

const author = { id: "u1", displayName: "Ana" };

function comment(id: string, createdAt: string, parentId: string | null = null, replies: CommentData[] = []): CommentData {
  return { id, body: `body ${id}`, createdAt, parentId, author, replies };
}

const tree: CommentData[] = [
  comment("1", "2026-12-01T10:00:00Z", null, [
    comment("4", "2026-12-01T12:00:00Z", "1", [comment("6", "2026-12-01T13:00:00Z", "4", [comment("7", "2026-12-01T14:00:00Z", "6")])]),
    comment("3", "2026-12-01T11:30:00Z", "1"),
  ]),
  comment("2", "2026-12-01T11:00:00Z"),
  comment("5", "2026-12-01T12:30:00Z"),
];

describe("sortComments", () => {
  it("sorts oldest first and newest first", () => {
    expect(sortComments(tree, "OLDEST").map((c) => c.id)).toEqual(["1", "2", "5"]);
    expect(sortComments(tree, "NEWEST").map((c) => c.id)).toEqual(["5", "2", "1"]);
  });
  it("keeps the server's order for equal times (reversed for newest)", () => {
    const same = [comment("a", "2026-12-01T10:00:00Z"), comment("b", "2026-12-01T10:00:00Z")];
    expect(sortComments(same, "OLDEST").map((c) => c.id)).toEqual(["a", "b"]);
    expect(sortComments(same, "NEWEST").map((c) => c.id)).toEqual(["b", "a"]);
  });
  it("does not change its input", () => {
    const input = [...tree];
    sortComments(input, "NEWEST");
    expect(input.map((c) => c.id)).toEqual(["1", "2", "5"]);
  });
});

describe("buildThread", () => {
  it("orders the top level as asked and replies oldest first", () => {
    const thread = buildThread(tree, "NEWEST");
    expect(thread.map((c) => c.id)).toEqual(["5", "2", "1"]);
    expect(thread[2]?.replies.map((c) => c.id)).toEqual(["3", "4"]);
  });
  it("records each comment's depth and stops at three levels", () => {
    const thread = buildThread(tree, "OLDEST");
    const reply = thread[0]?.replies[1];
    expect([thread[0]?.depth, reply?.depth, reply?.replies[0]?.depth]).toEqual([1, 2, 3]);
    expect(reply?.replies[0]?.replies).toEqual([]);
    expect(countThread(thread)).toBe(6);
  });
  it("is empty without comments", () => {
    expect(buildThread([], "OLDEST")).toEqual([]);
  });
  it("keeps a hidden comment in its place, with its replies", () => {
    const note = { reason: "rude", automatic: false };
    const hidden = { ...comment("h", "2026-12-01T10:00:00Z", null, [comment("r", "2026-12-01T11:00:00Z", "h")]), body: "", hidden: true, hiddenNote: note };
    const [shown] = buildThread([hidden], "OLDEST");
    expect(shown).toMatchObject({ id: "h", hidden: true, hiddenNote: note, viewerFlagged: false });
    expect(shown?.replies.map((c) => c.id)).toEqual(["r"]);
    expect(shown?.replies[0]).toMatchObject({ hidden: false, hiddenNote: null });
  });
});

describe("replyParentId", () => {
  it("files a reply under the comment, or at the deepest level under its parent", () => {
    expect(replyParentId({ id: "1", parentId: null, depth: 1 })).toBe("1");
    expect(replyParentId({ id: "4", parentId: "1", depth: 2 })).toBe("4");
    expect(replyParentId({ id: "6", parentId: "4", depth: 3 })).toBe("4");
  });
});

describe("paragraphs", () => {
  it("splits on blank lines and keeps single line breaks", () => {
    expect(paragraphs("One\nstill one\n\nTwo\r\n\r\n\n  \nThree")).toEqual(["One\nstill one", "Two", "Three"]);
  });
  it("drops empty text", () => {
    expect(paragraphs("  \n\n ")).toEqual([]);
  });
  it("keeps markup as text", () => {
    expect(paragraphs("<b>hi</b>")).toEqual(["<b>hi</b>"]);
  });
});

describe("comments moved by a merge", () => {
  it("are marked, the others not", () => {
    const thread = buildThread([{ ...comment("8", "2026-12-01T10:00:00Z"), movedFromIdeaId: "12" }, comment("9", "2026-12-01T11:00:00Z")], "OLDEST");
    expect(thread.map((c) => c.moved)).toEqual([true, false]);
  });
});
