// Bundles the browser code of the intranet application into dist/ (git-ignored), from the npm
// packages package-lock.json pins. Run by `make setup` after `npm ci`; nothing is fetched at run time.
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

await esbuild.build({
  entryPoints: { app: path.join(here, "app.js"), editor: path.join(here, "editor.js"), blocks: path.join(here, "blocks.js") },
  outdir: path.join(here, "dist", "vendor"),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome100", "firefox100", "safari15"],
  legalComments: "linked",
  logLevel: "warning",
});
