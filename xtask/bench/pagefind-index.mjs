// Indexes a benbao archive with Pagefind's Node API, so that both tools
// index the same articles with the same regions and topics.
//
//   node pagefind-index.mjs PAGEFIND_MODULE ARCHIVE_DIR OUT_DIR
//   node pagefind-index.mjs --html ARCHIVE_DIR HTML_DIR
//
// Each article becomes a custom record at /n/<number> (its number in the
// archive), with its text, its title as metadata, and `region` (its codes
// and their ancestors, as benbao filters them) and `topic` filters.
// With --html, each becomes instead a page HTML_DIR/n/<number>.html with
// the same text, title and filters, for Pagefind's CLI (`pagefind --site`).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [moduleDir, archive, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node pagefind-index.mjs PAGEFIND_MODULE ARCHIVE_DIR OUT_DIR\n       node pagefind-index.mjs --html ARCHIVE_DIR HTML_DIR");
  process.exit(2);
}
const html = moduleDir === "--html";
const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const page = ({ content, meta, filters }) =>
  `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>${escape(meta.title)}</title></head><body>` +
  `<main data-pagefind-body><h1 data-pagefind-meta="title">${escape(meta.title)}</h1>` +
  content.split("\n").map((p) => `<p>${escape(p)}</p>`).join("") +
  Object.entries(filters).flatMap(([k, vs]) => vs.map((v) => `<span data-pagefind-filter="${k}" hidden>${escape(v)}</span>`)).join("") +
  `</main></body></html>`;
if (html) mkdirSync(join(out, "n"), { recursive: true });
const pagefind = html ? null : await import(pathToFileURL(join(moduleDir, "lib", "index.js")).href);
const read = (name) => JSON.parse(readFileSync(join(archive, name), "utf8"));

const manifest = read("manifest.json");
const facets = read(manifest.facets);
const bodyFiles = read(manifest.body_files);
const summaryFiles = read(manifest.summary_files);
const ancestors = (code) => {
  const out = [code];
  if (code.length === 9) code = code.slice(0, 6), out.push(code);
  if (code.slice(4) !== "00") out.push(code.slice(0, 4) + "00");
  if (code.slice(2, 4) !== "00") out.push(code.slice(0, 2) + "0000");
  return out;
};

const { index, errors } = html ? { index: null, errors: [] } : await pagefind.createIndex({ forceLanguage: "zh" });
if (!html && !index) throw new Error("pagefind: " + errors.join("; "));
let n = 0;
for (let chunk = 0; chunk < summaryFiles.length; chunk++) {
  const sums = read(summaryFiles[chunk]);
  const bodies = [];
  const first = chunk * manifest.summary_chunk;
  for (let b = Math.floor(first / manifest.body_chunk); b * manifest.body_chunk < first + sums.length; b++) {
    bodies.push(...read(bodyFiles[b]).map((x, k) => [b * manifest.body_chunk + k, x]));
  }
  const bodyOf = new Map(bodies);
  for (let k = 0; k < sums.length; k++) {
    const i = first + k;
    const s = sums[k];
    const text = [s.kicker, s.title, s.subtitle, s.byline, ...bodyOf.get(i).blocks.map((b) => b.text)].filter(Boolean).join("\n");
    const regions = [...new Set(facets.regions[i].flatMap((r) => ancestors(facets.region_table[r])))];
    const topics = facets.topic_table.filter((_, bit) => (BigInt(facets.topics[i]) >> BigInt(bit)) & 1n);
    const record = {
      url: `/n/${i}`,
      content: text,
      language: "zh",
      meta: { title: s.title },
      filters: { region: regions, topic: topics },
    };
    if (html) {
      writeFileSync(join(out, "n", `${i}.html`), page(record));
    } else {
      // One at a time: sending them in batches was no faster.
      const { errors } = await index.addCustomRecord(record);
      if (errors.length) throw new Error(`article ${i}: ${errors.join("; ")}`);
    }
    n++;
  }
  if (n % 10000 < sums.length) console.error(`pagefind: ${n} articles added`);
}
if (html) {
  console.log(`wrote ${n} pages into ${out}`);
  process.exit(0);
}
console.error(`pagefind: writing the index`);
const { errors: writeErrors } = await index.writeFiles({ outputPath: out });
if (writeErrors.length) throw new Error("pagefind: " + writeErrors.join("; "));
await pagefind.close();
console.log(`pagefind indexed ${n} articles into ${out}`);
