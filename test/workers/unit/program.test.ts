/**
 * Code mode's program preparation (worker/tools/program.ts): loop guards where there are loops and
 * nowhere else, the model's lines kept, answers cut to whole JSON.
 */
import { describe, expect, it } from "vitest";
import { cutJson, prepareProgram, programLine } from "../../../worker/tools/program";

const body = (code: string) => prepareProgram(code, "G").module.split("\n").slice(1, -2).join("\n");

describe("prepareProgram", () => {
  it("puts a guard with the loop's line in every while, do…while and classic for", () => {
    expect(body("let i = 0;\nwhile (i < 3) i++;")).toBe("let i = 0;\nwhile (G(2) && (i < 3)) i++;");
    expect(body("do { x++; }\nwhile (x < 3);")).toBe("do { x++; }\nwhile (G(2) && (x < 3));");
    expect(body("for (let i = 0; i < 3; i++) {}")).toBe("for (let i = 0; G(1) && ( i < 3); i++) {}");
    expect(body("for (;;) {}")).toBe("for (; G(1);) {}");
  });

  it("wraps the iterable of for…of and for await…of, and leaves for…in alone (it ends)", () => {
    expect(body("for (const x of xs) {}")).toBe("for (const x of G.iterable(1, ( xs))) {}");
    expect(body("for await (const x of gen()) {}")).toBe(
      "for await (const x of G.asyncIterable(1, ( gen()))) {}",
    );
    expect(body("for (const k in o) {}")).toBe("for (const k in o) {}");
  });

  it("sees no loop in strings, templates, comments, regular expressions or property names", () => {
    const code = [
      'const a = "while (true) {}";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal is the program's text here.
      "const b = `for (;;) ${x.for} {}`;",
      "// while (1)",
      "/* for (;;) */",
      "const r = /while (x)/.test(s);",
      "return o.while;",
    ].join("\n");
    expect(body(code)).toBe(code);
  });

  it("keeps lines: a module line minus one is the model's line, a code fence included", () => {
    const { module } = prepareProgram("```js\nconst a = 1;\nthrow new Error('x');\n```", "G");
    const line = module.split("\n").findIndex((l) => l.includes("throw")) + 1;
    expect(programLine(`Error: x\n    at default (program.js:${line}:7)`)).toBe(3);
    expect(prepareProgram("async () => { return 1; }", "G").module).toBe(
      "export default (\nasync () => { return 1; }\n);\n",
    );
  });
});

describe("cutJson", () => {
  it("keeps values that fit as they are", () => {
    expect(cutJson({ a: [1, 2] }, 100)).toEqual({ json: '{"a":[1,2]}', cut: false });
  });

  it("keeps whole items of an array and whole properties of an object, never part of an object", () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ id: i, name: "n".repeat(20) }));
    const { json, cut } = cutJson({ total: 50, items, tail: "x" }, 400);
    expect(cut).toBe(true);
    expect(json.length).toBeLessThanOrEqual(400);
    const out = JSON.parse(json) as {
      total: number;
      items: Array<{ id: number; name: string }>;
      tail?: string;
    };
    expect(out.total).toBe(50);
    expect(out.items.length).toBeGreaterThan(5);
    expect(out.items.every((it, i) => it.id === i && it.name.length === 20)).toBe(true);
    expect(out.tail).toBeUndefined();
  });
});
