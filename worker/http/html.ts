/**
 * The gateway's own server-rendered pages (the consent page of `oauth` URLs, the pages of an
 * upstream OAuth connection): one shell, styled by the dashboard's stylesheet (`/styles.css`, same
 * origin) with no script, and one escape for everything that came from a client, a provider or an admin.
 */

/** Escapes text for HTML content and quoted attribute values. */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A full page around `body` (already HTML); `title` and `what` (beside the brand) are escaped. */
export function htmlPage(title: string, body: string, what = "sign-in"): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/styles.css">
</head>
<body>
<main class="signin">
<section class="signin-card">
<div class="brand brand-large"><span class="brand-mark" aria-hidden="true"></span>edge-mcp <span class="brand-sub">${escapeHtml(what)}</span></div>
${body}
</section>
</main>
</body>
</html>`;
}
