/** The signed-in frame: header with navigation and sign-out, the main region, and a toast. */
import { h, replace } from "../dom";
import { href, type Route } from "../router";

/** The frame's parts a page renders into. */
export interface Shell {
  main: HTMLElement;
  setActive(route: Route): void;
  announce(message: string): void;
}

/** Builds the frame into `root`. */
export function renderShell(root: HTMLElement, onSignOut: () => void): Shell {
  const links = [
    { key: "accounts", label: "Integrated accounts", route: { page: "accounts" } as Route },
    { key: "integrations", label: "Integrations", route: { page: "integrations" } as Route },
    { key: "api-tokens", label: "API tokens", route: { page: "api-tokens" } as Route },
  ].map((l) => ({ ...l, el: h("a", { href: href(l.route), class: "nav-link" }, l.label) }));
  const main = h("main", { id: "main", class: "main", tabindex: "-1" });
  // A manual popover lives in the browser's top layer: shown again on each message, it stacks above
  // any open modal dialog (z-index cannot lift an element over a modal <dialog>).
  const toast = h("div", { class: "toast", role: "status", "aria-live": "polite", popover: "manual" });
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  replace(
    root,
    h(
      "a",
      {
        href: "#main",
        class: "skip-link",
        onclick: (ev: Event) => {
          ev.preventDefault();
          main.focus();
        },
      },
      "Skip to content",
    ),
    h(
      "header",
      { class: "topbar" },
      h(
        "div",
        { class: "brand" },
        h("span", { class: "brand-mark", "aria-hidden": "true" }),
        "edge-mcp",
        h("span", { class: "brand-sub" }, "admin"),
      ),
      h(
        "nav",
        { class: "nav", "aria-label": "Main" },
        links.map((l) => l.el),
      ),
      h("button", { type: "button", class: "button button-small", onclick: onSignOut }, "Sign out"),
    ),
    main,
    toast,
  );
  return {
    main,
    setActive(route) {
      const key =
        route.page === "account"
          ? "accounts"
          : route.page === "integration" || route.page === "import"
            ? "integrations"
            : route.page;
      for (const l of links) {
        if (l.key === key) l.el.setAttribute("aria-current", "page");
        else l.el.removeAttribute("aria-current");
      }
    },
    announce(message) {
      replace(toast, message);
      if (toast.matches(":popover-open")) toast.hidePopover();
      toast.showPopover();
      if (toastTimer !== undefined) clearTimeout(toastTimer);
      toastTimer = setTimeout(() => {
        if (toast.isConnected && toast.matches(":popover-open")) toast.hidePopover();
      }, 6000);
    },
  };
}
