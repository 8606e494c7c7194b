// benbao's service worker: the app and the archive keep working offline.
// `cargo xtask build` fills in VERSION (a hash of every file in dist/) and
// PRECACHE (their paths), so any change to the site makes a new worker.
"use strict";
const VERSION = "__BENBAO_VERSION__";
const PRECACHE = __BENBAO_PRECACHE__;
const CACHE = "benbao-" + VERSION;
const SCOPE = new URL(self.registration.scope);

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("benbao-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// A cached answer, marked so that the app can tell the reader it is offline.
function offline(response) {
  const headers = new Headers(response.headers);
  headers.set("X-Benbao-Offline", "1");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// Keeps a copy of a response, after it has gone to the page: the page
// never waits for the cache to be written (for an archive's search, twenty
// small files, that wait was most of the time).
function keep(event, key, response) {
  const copy = response.clone();
  event.waitUntil(caches.open(CACHE).then((c) => c.put(key, copy)).catch(() => {}));
}

// The network first (fresh app and manifest when online), the cache when the
// network fails or the host does (5xx). A 404 is an answer: hosts such as
// GitHub Pages serve the app as 404.html for deep links.
async function networkFirst(event, cacheKey, fallbackKey, answered) {
  const request = event.request;
  let response = answered;
  if (answered === undefined) {
    try {
      response = await fetch(request);
    } catch (err) {
      response = null;
    }
  }
  if (response && response.ok) {
    keep(event, cacheKey, response);
    return response;
  }
  if (response && response.status < 500) {
    return response;
  }
  const cache = await caches.open(CACHE);
  const cached = (await cache.match(cacheKey)) || (fallbackKey && (await cache.match(fallbackKey)));
  if (cached) {
    return offline(cached);
  }
  return response || Response.error();
}

// A deploy uploads file by file: for a while the host can have a new
// manifest and not yet the files it names. A manifest that differs from
// the one kept is used only once those files are there (those it names
// itself, the latest edition's month, and up to CHECKED of the names new
// in its lists, a share of each: all of them for a small archive or a
// day's edition); until then, or when checking takes longer than
// CHECK_MS, the kept one answers, whose files are kept here or still on
// the host. The reader retries any other missing file on its own.
const CHECKED = 48;
const CHECK_MS = 3000;

async function manifest(event) {
  const request = event.request;
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  let response;
  try {
    response = await fetch(request);
  } catch (err) {
    response = null;
  }
  if (response && response.ok) {
    const kept = await caches.match(key);
    if (kept) {
      const [text, before] = await Promise.all([response.clone().text(), kept.clone().text()]);
      if (text !== before) {
        const late = new Promise((resolve) => setTimeout(() => resolve(false), CHECK_MS));
        if (!(await Promise.race([whole(text, before, new URL(".", url)), late]))) {
          return kept;
        }
      }
    }
    keep(event, key, response);
    return response;
  }
  return networkFirst(event, key, null, response);
}

// Whether the host has the files a new manifest names. A manifest that is
// not JSON counts as whole: the reader says what is wrong with it.
async function whole(text, before, base) {
  let now, then;
  try {
    now = JSON.parse(text);
    then = JSON.parse(before);
  } catch (err) {
    return true;
  }
  const lists = ["summary_files", "body_files", "id_files", "search_files"];
  const direct = [now.facets, now.editions, ...lists.map((k) => now[k])].filter((n) => typeof n === "string");
  const listed = await Promise.all(lists.map((k) => json(now[k], base)));
  if (listed.includes(null)) {
    return false;
  }
  // The latest edition's month (the home page links to it).
  if (typeof now.editions === "string" && typeof now.latest_edition === "string") {
    const calendar = await json(now.editions, base);
    if (!calendar) {
      return false;
    }
    const month = calendar[now.latest_edition.slice(0, 7)];
    if (month && typeof month.file === "string") {
      direct.push(month.file);
    }
  }
  const previous = await Promise.all(lists.map((k) => json(then[k], base, true)));
  // The names new in each list, the newest articles' (last) first.
  const fresh = listed.map((l, i) => {
    const old = new Set(names(previous[i]));
    return names(l).filter((n) => !old.has(n)).reverse();
  });
  const picked = [];
  for (let k = 0; picked.length < CHECKED && fresh.some((f) => k < f.length); k++) {
    for (const f of fresh) {
      if (k < f.length && picked.length < CHECKED) {
        picked.push(f[k]);
      }
    }
  }
  const present = await Promise.all([...direct, ...picked].map((n) => there(new URL(n, base))));
  return present.every(Boolean);
}

// The file names in a list (an array, or an object of shard → name).
function names(list) {
  return list ? Object.values(list).filter((n) => typeof n === "string") : [];
}

// A hashed JSON file of the archive, from the cache or the host (past the
// HTTP cache, which may remember a host's 404; kept: the reader needs it
// next); null when the host does not have it. `cachedOnly`: the kept copy
// or nothing.
async function json(name, base, cachedOnly) {
  if (typeof name !== "string") {
    return {};
  }
  const url = new URL(name, base);
  let response = await caches.match(url.href);
  if (!response && !cachedOnly) {
    try {
      response = await fetch(url.href, { cache: "no-store" });
    } catch (err) {
      response = null;
    }
    if (!usable(response)) {
      return null;
    }
    const copy = response.clone();
    await caches.open(CACHE).then((c) => c.put(url.href, copy)).catch(() => {});
  }
  if (!response) {
    return null;
  }
  try {
    return await response.json();
  } catch (err) {
    return {};
  }
}

// Whether a file is kept here or on the host (asked with HEAD, past the
// HTTP cache: a host's 404 must not be remembered).
async function there(url) {
  if (await caches.match(url.href)) {
    return true;
  }
  try {
    return usable(await fetch(url.href, { method: "HEAD", cache: "no-store" }));
  } catch (err) {
    return false;
  }
}

// An answer that is the file: not an error, not a host's HTML page in its
// place (an SPA rewrite).
function usable(response) {
  return !!response && response.ok && !(response.headers.get("Content-Type") || "").startsWith("text/html");
}

// Content-hashed files never change: the cache first. Unless the app asks
// past the caches (`reload`: a copy that did not match its name's hash),
// whose answer then replaces the copy.
async function cacheFirst(event) {
  const request = event.request;
  const cached = request.cache === "reload" ? null : await caches.match(request);
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  // Not a host's HTML page answering for a data file (an SPA rewrite):
  // the app retries it past the caches, which must not hold it.
  const html = (response.headers.get("Content-Type") || "").startsWith("text/html");
  if (response.ok && !(html && new URL(request.url).pathname.includes("/data/"))) {
    keep(event, request, response);
  }
  return response;
}

// An archive's parts other than its manifest carry a hash of their content
// in their names (docs/archive.md): like the app's own files, they never change.
const HASHED = /-[0-9a-f]{12}\.json$/;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) {
    return;
  }
  if (request.mode === "navigate") {
    // A page: its own copy (an article's pre-rendered page, a/<id>/), kept
    // under its path; offline, that copy, else the app's index.html, which
    // draws any page of the app (/, /a/<id>/, filtered lists).
    event.respondWith(networkFirst(event, url.origin + url.pathname, new URL("index.html", SCOPE).href));
  } else if (url.pathname.startsWith(SCOPE.pathname + "data/") && HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(event));
  } else if (url.pathname.startsWith(SCOPE.pathname + "data/") && url.pathname.endsWith("/manifest.json")) {
    event.respondWith(manifest(event));
  } else if (url.pathname.startsWith(SCOPE.pathname + "data/") || url.pathname.endsWith(".webmanifest")) {
    event.respondWith(networkFirst(event, url.origin + url.pathname));
  } else {
    event.respondWith(cacheFirst(event));
  }
});
