// Bundle src/ and socket.io-client into dist/widget.js (one self-contained IIFE, no globals
// but window.PrivacyRightsAssistant) and write the licences of what it bundles to
// dist/LICENSES.txt. Run by scripts/setup_browser.sh (make widget) after `npm ci`.
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(here, "dist");
const pkg = JSON.parse(await readFile(path.join(here, "package.json"), "utf8"));

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const result = await build({
  absWorkingDir: here,
  entryPoints: ["src/widget.js"],
  outfile: "dist/widget.js",
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2020"],
  minify: true,
  charset: "utf8",
  legalComments: "none",
  loader: { ".css": "text" },
  metafile: true,
  banner: {
    js: `/*! ${pkg.name} ${pkg.version} | ${pkg.license} | bundled third-party code and ` +
        "licences: LICENSES.txt next to this file */",
  },
});

// Which npm packages ended up in the bundle, with their licence texts.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.set(m[1], path.join(here, "node_modules", m[1]));
}
const sections = [
  `${pkg.name} ${pkg.version}: ${pkg.license} (this project).`,
  "It bundles the following packages, under their own licences:",
];
for (const [name, dir] of [...packages].sort()) {
  const meta = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
  const files = (await readdir(dir)).filter((f) => /^(licen[cs]e|copying)/i.test(f));
  const text = files.length ? await readFile(path.join(dir, files[0]), "utf8") : "(no licence file shipped)";
  sections.push(`\n==== ${name} ${meta.version} (${meta.license}) ====\n\n${text.trim()}`);
}
await writeFile(path.join(dist, "LICENSES.txt"), sections.join("\n") + "\n");

const size = (await readFile(path.join(dist, "widget.js"))).length;
console.log(`widget: built dist/widget.js (${(size / 1024).toFixed(1)} KiB) with ${[...packages.keys()].join(", ")}`);
if (!existsSync(path.join(dist, "widget.js"))) process.exit(1);
