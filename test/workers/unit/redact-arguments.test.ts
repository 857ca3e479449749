import { describe, expect, it } from "vitest";
import {
  MAX_STORED_ARGUMENTS_CHARS,
  REDACTED,
  redactArguments,
  storedArguments,
} from "../../../worker/activity/redact";

describe("redaction of stored arguments", () => {
  it("replaces the values of secret-named keys at any depth, keeping ordinary fields", () => {
    expect(
      redactArguments({
        first_name: "Jane",
        password: "hunter2",
        nested: { api_key: "k", Authorization: "x", auth_code: 123, author: "Sam" },
        list: [{ access_token: "t", limit: 5 }],
        session_id: "abc",
        empty_secret: "",
      }),
    ).toEqual({
      first_name: "Jane",
      password: REDACTED,
      nested: { api_key: REDACTED, Authorization: REDACTED, auth_code: REDACTED, author: "Sam" },
      list: [{ access_token: REDACTED, limit: 5 }],
      session_id: REDACTED,
      empty_secret: "",
    });
  });

  it("replaces secret-looking values under innocent names", () => {
    const values = [
      "emcp_abcdefghijklmnopqrstuvwxyz",
      "emat_abcdefghijklmnopqrstuvwxyz",
      "Bearer abc.def",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
      "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
      "AKIAIOSFODNN7EXAMPLE",
      "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0uv",
    ];
    for (const v of values) expect(redactArguments({ note: v }), v).toEqual({ note: REDACTED });
  });

  it("replaces values that start with a token prefix the call's integration declares", () => {
    const prefixes = ["missive_pat-", "ntn_"];
    for (const v of ["missive_pat-simulator", "ntn_1234567890abcdef"]) {
      expect(redactArguments({ note: v }, prefixes), v).toEqual({ note: REDACTED });
      expect(redactArguments({ note: v }), `${v} without the integration's prefixes`).toEqual({ note: v });
    }
  });

  it("keeps prose, emails, ids and numbers", () => {
    const args = {
      body: "Hi Jane, your order 12345 shipped today.",
      email: "jane.doe@example.com",
      id: "9b2a1c4e-5f6d-4e3b-8a7c-1d2e3f4a5b6c",
      limit: 50,
      flags: [true, null],
    };
    expect(redactArguments(args)).toEqual(args);
  });

  it("bounds what is stored and says it was cut", () => {
    const text = storedArguments({ body: "x ".repeat(10_000) });
    expect(text.length).toBeLessThanOrEqual(MAX_STORED_ARGUMENTS_CHARS + 100);
    expect(JSON.parse(text)).toMatchObject({ truncated: true });
  });
});
