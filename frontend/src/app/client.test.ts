import { describe, expect, it } from "vitest";

import { retryDelay, socketUrl } from "./client";

describe("retryDelay", () => {
  it("starts near half a second and doubles", () => {
    expect(retryDelay(0, () => 0)).toBe(250);
    expect(retryDelay(0, () => 1)).toBe(500);
    expect(retryDelay(3, () => 1)).toBe(4000);
  });

  it("never waits more than ten seconds", () => {
    expect(retryDelay(30, () => 1)).toBe(10_000);
    expect(retryDelay(30, () => 0)).toBe(5000);
  });
});

describe("socketUrl", () => {
  it("follows the page's scheme and host", () => {
    expect(socketUrl({ protocol: "http:", host: "127.0.0.1:8000" })).toBe("ws://127.0.0.1:8000/graphql");
    expect(socketUrl({ protocol: "https:", host: "jam.example" })).toBe("wss://jam.example/graphql");
  });
});
