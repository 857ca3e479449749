/** What the Node-side CLI (`npm run import:openapi`, scripts/import-openapi.ts) bundles and calls. */
export { diffSummary } from "./diff";
export { importDocument } from "./index";
