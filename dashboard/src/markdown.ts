/**
 * The inline markdown of tool descriptions (`code`, **strong**, *emphasis* or _emphasis_, and "- "
 * list items), rendered as DOM nodes, never as HTML: every piece of text is a text node, so a
 * description cannot inject markup into the dashboard.
 */
import { h } from "./dom";

const INLINE = /(`[^`\n]+`|\*\*[^*\n]+\*\*|\*[^*\s][^*\n]*\*|\b_[^_\n]+_\b)/g;

/** Inline nodes of one line of text. */
function inline(text: string): Array<Node | string> {
  const out: Array<Node | string> = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const token = m[0];
    if (token.startsWith("`")) out.push(h("code", null, token.slice(1, -1)));
    else if (token.startsWith("**")) out.push(h("strong", null, token.slice(2, -2)));
    else out.push(h("em", null, token.slice(1, -1)));
    last = at + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A description as paragraphs and lists. */
export function markdownBlock(text: string, className?: string): HTMLElement {
  const root = h("div", className ? { class: className } : null);
  let list: HTMLElement | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const item = /^[-*]\s+(.*)$/.exec(line);
    if (item) {
      if (!list) {
        list = h("ul", null);
        root.append(list);
      }
      list.append(h("li", null, ...inline(item[1] ?? "")));
      continue;
    }
    list = null;
    if (line) root.append(h("p", null, ...inline(line)));
  }
  return root;
}
