//! The parts of an archive fetched as the reader needs them: summary and
//! body chunks, search shards, id shards. Each file is fetched once and
//! kept; `Parts` tells the views when something arrived or failed.

use crate::data::{fetch_json, Library};
use crate::problem::Problem;
use benbao_core::archive::editions::{validate_calendar, validate_month, Calendar, MonthFile};
use benbao_core::archive::{
    self, Body, BodyFiles, Candidates, Facets, IdShard, Shard, ShardFiles, Summary, SummaryFiles,
};
use benbao_core::catalog::Catalog;
use benbao_core::text::Quoted;
use benbao_core::Article;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

/// One of the archive's file lists, fetched once and shared by everyone who
/// asks while it comes. A failed fetch is forgotten, so the next ask tries again.
type ListFuture<T> = Shared<LocalBoxFuture<'static, Result<Rc<T>, Problem>>>;
type ListSlot<T> = Option<ListFuture<T>>;
/// Fetched chunks (of summaries or bodies), by chunk number.
type ChunkMap<T> = HashMap<usize, Rc<Vec<T>>>;

/// Everything fetched from the archive, owned by the app's [`Parts`]
/// (which lends it out through context as a handle).
#[derive(Default)]
pub struct Store {
    sums: ChunkMap<Summary>,
    bodies: ChunkMap<Body>,
    shards: HashMap<u32, Rc<Shard>>,
    /// Long postings, by file name (encoded, as the file holds them).
    postings: HashMap<String, Rc<str>>,
    /// Files being fetched.
    loading: BTreeSet<String>,
    /// The archive's lists of body, summary, search shard and id shard files.
    body_files: ListSlot<BodyFiles>,
    summary_files: ListSlot<SummaryFiles>,
    shard_files: ListSlot<ShardFiles>,
    id_files: ListSlot<ShardFiles>,
    /// A redraw for arrived files is scheduled ([`Parts::arrived`]).
    bump_pending: bool,
    /// Per verification key (the terms to check): article → verdict.
    verdicts: HashMap<String, HashMap<u32, bool>>,
    /// The calendar of editions, and the months' editions fetched.
    calendar: Option<Rc<Calendar>>,
    months: HashMap<String, Rc<MonthFile>>,
    /// A promise of the next arrival or failure, and its resolver
    /// ([`Parts::until_here`]): one, however many wait.
    arrival: Option<(js_sys::Promise, js_sys::Function)>,
}

/// Which of the store's file lists.
type ListOf<T> = fn(&mut Store) -> &mut ListSlot<T>;
const SUMMARY_FILES: ListOf<SummaryFiles> = |s| &mut s.summary_files;
const BODY_FILES: ListOf<BodyFiles> = |s| &mut s.body_files;
const SHARD_FILES: ListOf<ShardFiles> = |s| &mut s.shard_files;
const ID_FILES: ListOf<ShardFiles> = |s| &mut s.id_files;

/// A kind of chunk (summaries, bodies) and where the store keeps it.
trait Chunk: serde::de::DeserializeOwned + 'static {
    fn chunks(store: &mut Store) -> &mut ChunkMap<Self>;
    /// What is wrong with a fetched chunk, if anything.
    fn validate(chunk: &[Self]) -> Result<(), String>;
}

impl Chunk for Summary {
    fn chunks(store: &mut Store) -> &mut ChunkMap<Self> {
        &mut store.sums
    }
    fn validate(chunk: &[Self]) -> Result<(), String> {
        archive::validate_summaries(chunk)
    }
}

impl Chunk for Body {
    fn chunks(store: &mut Store) -> &mut ChunkMap<Self> {
        &mut store.bodies
    }
    fn validate(chunk: &[Self]) -> Result<(), String> {
        archive::validate_bodies(chunk)
    }
}

/// What the views watch (a change counter, the files in flight, the files
/// that failed), and the store of what has come, which it owns. A copyable
/// handle, provided through context once.
#[derive(Clone, Copy)]
pub struct Parts {
    version: RwSignal<u64>,
    pub pending: RwSignal<usize>,
    /// File → why it failed.
    pub failed: RwSignal<BTreeMap<String, Problem>>,
    /// Searches last answered without a connection, from the articles
    /// saved on this device: text → how many were searched.
    pub saved_search: RwSignal<BTreeMap<String, usize>>,
    /// A view has asked for the archive's facets ([`Parts::want_catalog`]).
    pub catalog_wanted: RwSignal<bool>,
    store: StoredValue<Store, LocalStorage>,
}

impl Parts {
    pub fn new() -> Parts {
        Parts {
            version: RwSignal::new(0),
            pending: RwSignal::new(0),
            failed: RwSignal::new(BTreeMap::new()),
            saved_search: RwSignal::new(BTreeMap::new()),
            catalog_wanted: RwSignal::new(false),
            store: StoredValue::new_local(Store::default()),
        }
    }

    /// Summary chunk `c`, already at hand (natively, for a pre-rendered page).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn insert_summaries(&self, c: usize, chunk: Rc<Vec<Summary>>) {
        self.with_mut(|s| s.sums.insert(c, chunk));
    }

    /// Reads the store (never across an await).
    fn with<R>(&self, f: impl FnOnce(&Store) -> R) -> R {
        self.store.with_value(f)
    }

    /// Changes the store (never across an await).
    fn with_mut<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        self.store
            .try_update_value(f)
            .expect("the app's Parts live as long as the app")
    }

    /// Asks for the archive's facets after the next frame: views call it
    /// once their first content is shown (so that parsing the facets does
    /// not hold up the first list), or when they cannot show anything
    /// without them.
    pub fn want_catalog(&self) {
        if self.catalog_wanted.get_untracked() {
            return;
        }
        let wanted = self.catalog_wanted;
        request_animation_frame(move || {
            wanted.try_set(true);
        });
    }

    /// Makes the caller depend on every arrival (to ask for what a list,
    /// once here, names).
    pub fn track(&self) {
        self.version.track();
    }

    /// Tells the views that a file arrived: at once when it was the last
    /// one on its way, else once per frame, however many came in it
    /// (twenty summary chunks of a search would otherwise redraw the list
    /// twenty times; waiting for the frame after the last would only
    /// delay the finished page).
    fn arrived(&self) {
        self.wake();
        let version = self.version;
        if self.pending.get_untracked() == 0 {
            self.with_mut(|s| s.bump_pending = false);
            version.try_update(|v| *v += 1);
            return;
        }
        if self.with_mut(|s| std::mem::replace(&mut s.bump_pending, true)) {
            return;
        }
        let parts = *self;
        request_animation_frame(move || {
            // Not when a last arrival has drawn it already.
            if parts
                .store
                .try_update_value(|s| std::mem::replace(&mut s.bump_pending, false))
                .unwrap_or(false)
            {
                version.try_update(|v| *v += 1);
            }
        });
    }

    /// Wakes whoever waits for a file ([`Parts::until_here`]).
    fn wake(&self) {
        if let Some((_, resolve)) = self.with_mut(|s| s.arrival.take()) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    }

    /// Resolves at the next arrival or failure of a file.
    fn next_arrival(&self) -> js_sys::Promise {
        if let Some((promise, _)) = self.with(|s| s.arrival.clone()) {
            return promise;
        }
        let mut resolver = None;
        let promise = js_sys::Promise::new(&mut |resolve, _| resolver = Some(resolve));
        if let Some(resolve) = resolver {
            self.with_mut(|s| s.arrival = Some((promise.clone(), resolve)));
        }
        promise
    }

    /// Asks for the summaries of `articles` (and their bodies, when
    /// `bodies`) and waits until they are all here, or nothing more is on
    /// its way (a file that failed is not asked for again), or `max_ms`
    /// have passed: so that a search's answer is drawn once with its
    /// first screen rather than first with placeholders (a redraw that
    /// would also hold up reading the files as they come).
    pub async fn until_here(self, lib: &Library, articles: &[u32], bodies: bool, max_ms: u32) {
        let (a, m) = (&lib.archive, &lib.archive.manifest);
        let here = |i: u32| {
            self.with(|s| {
                (first_page(a, i).is_some() || s.sums.contains_key(&(i as usize / m.summary_chunk)))
                    && (!bodies || s.bodies.contains_key(&(i as usize / m.body_chunk)))
            })
        };
        // (Natively, for a pre-rendered page, there is no clock to wait on.)
        if !cfg!(target_arch = "wasm32") {
            self.request(lib, articles, bodies);
            return;
        }
        let deadline = js_sys::Date::now() + f64::from(max_ms);
        loop {
            // (Again after each arrival: a chunk's name comes with its list.)
            self.request(lib, articles, bodies);
            let left = deadline - js_sys::Date::now();
            if articles.iter().all(|&i| here(i)) || self.pending.get_untracked() == 0 || left <= 0.0
            {
                return;
            }
            let next = wasm_bindgen_futures::JsFuture::from(self.next_arrival());
            let timer = std::pin::pin!(crate::data::sleep(left.ceil() as u32));
            let _ = futures::future::select(next, timer).await;
        }
    }

    /// Forgets the failures, so that the views ask again.
    pub fn retry(&self) {
        self.failed.set(BTreeMap::new());
        self.version.update(|v| *v += 1);
    }

    /// Chunk `c` of summaries or bodies, if it is here.
    fn chunk<T: Chunk>(&self, c: usize) -> Option<Rc<Vec<T>>> {
        self.with_mut(|s| T::chunks(s).get(&c).cloned())
    }

    /// Article `i`'s item in chunks of `n`, if its chunk is here.
    fn item<T: Chunk + Clone>(&self, i: u32, n: usize) -> Option<T> {
        self.chunk::<T>(i as usize / n)?
            .get(i as usize % n)
            .cloned()
    }

    /// Article `i`'s summary, when it is here (tracked: views update when it comes).
    pub fn summary(&self, lib: &Library, i: u32) -> Option<Summary> {
        let a = &lib.archive;
        if let Some(s) = first_page(a, i) {
            return Some(s.clone());
        }
        self.version.track();
        self.item(i, a.manifest.summary_chunk)
    }

    /// Article `i`'s blocks, when they are here (tracked).
    pub fn body(&self, lib: &Library, i: u32) -> Option<Body> {
        self.version.track();
        self.item(i, lib.archive.manifest.body_chunk)
    }

    /// One of the archive's file lists, if it is here.
    fn list_here<T>(&self, list: ListOf<T>) -> Option<Rc<T>> {
        self.with_mut(|s| list(s).as_ref()?.peek()?.as_ref().ok().cloned())
    }

    /// Why article `i` cannot be shown, if its summary file failed (or its
    /// body file, when `body` is needed to confirm a search) (tracked).
    pub fn failure(&self, lib: &Library, i: u32, body: bool) -> Option<Problem> {
        let a = &lib.archive;
        let m = &a.manifest;
        // A chunk's files: its list, and the chunk once the list is here.
        // (A list that failed once and has come since is no failure.)
        let short_list = |list_file: &str, files: usize, chunk: usize| Problem::Damaged {
            path: format!("{}{list_file}", a.root),
            detail: format!("{files} files listed, chunk {chunk} needs more"),
        };
        let files =
            |list: ListOf<Vec<String>>, list_file: &str, chunk: usize| match self.list_here(list) {
                Some(l) => match l.get(chunk) {
                    Some(f) => Ok([None, Some(f.clone())]),
                    // A list shorter than the manifest's articles need.
                    None => Err(short_list(list_file, l.len(), chunk)),
                },
                None => Ok([Some(list_file.to_string()), None]),
            };
        let (sum_chunk, body_chunk) = (i as usize / m.summary_chunk, i as usize / m.body_chunk);
        let sums = if first_page(a, i).is_some() {
            Ok([None, None])
        } else {
            files(SUMMARY_FILES, &m.summary_files, sum_chunk)
        };
        let bodies = if body {
            files(BODY_FILES, &m.body_files, body_chunk)
        } else {
            Ok([None, None])
        };
        let (sums, bodies) = match (sums, bodies) {
            (Err(p), _) | (_, Err(p)) => return Some(p),
            (Ok(s), Ok(b)) => (s, b),
        };
        self.failed.with(|f| {
            sums.into_iter()
                .chain(bodies)
                .flatten()
                .find_map(|file| f.get(&file).cloned())
        })
    }

    /// Whether `why` is about one of the archive's file lists (every
    /// article of a page needs it: said once for the page, not per card).
    pub fn of_a_list(lib: &Library, why: &Problem) -> bool {
        let m = &lib.archive.manifest;
        why.path()
            .strip_prefix(lib.archive.root.as_str())
            .is_some_and(|f| f == m.summary_files || f == m.body_files)
    }

    /// Starts fetching the summaries of `articles` (and their bodies when
    /// `bodies`) that are not here yet.
    pub fn request(&self, lib: &Library, articles: &[u32], bodies: bool) {
        let a = &lib.archive;
        let m = &a.manifest;
        // Inserted, not collected: `collect()` into a set sorts a copy
        // first, with a stable sort compiled for it alone.
        let mut sums = BTreeSet::new();
        for &i in articles.iter().filter(|&&i| first_page(a, i).is_none()) {
            sums.insert(i as usize / m.summary_chunk);
        }
        self.chunks::<Summary>(
            &a.root,
            &m.summary_files,
            SUMMARY_FILES,
            sums,
            (m.summary_chunk, m.articles),
        );
        if bodies {
            let mut chunks = BTreeSet::new();
            for &i in articles {
                chunks.insert(i as usize / m.body_chunk);
            }
            self.chunks::<Body>(
                &a.root,
                &m.body_files,
                BODY_FILES,
                chunks,
                (m.body_chunk, m.articles),
            );
        }
    }

    /// Starts fetching the chunks `wanted` that are not here: their names
    /// first, from the list file `list_file` (the views ask again when it
    /// has come), then the chunks; `size` is the articles per chunk and in
    /// all: a chunk of another length is damaged.
    fn chunks<T: Chunk>(
        &self,
        root: &str,
        list_file: &str,
        list: ListOf<Vec<String>>,
        wanted: BTreeSet<usize>,
        size: (usize, usize),
    ) {
        let missing: Vec<usize> = wanted
            .into_iter()
            .filter(|c| self.chunk::<T>(*c).is_none())
            .collect();
        if missing.is_empty() {
            return;
        }
        let Some(names) = self.list_here(list) else {
            let (url, parts) = (format!("{root}{list_file}"), *self);
            self.load(
                list_file.to_string(),
                false,
                Box::pin(async move { parts.files(list, &url).await.map(|_| ()) }),
            );
            return;
        };
        for c in missing {
            if let Some(file) = names.get(c) {
                // Chunk c holds articles c·n … c·n+n−1, fewer in the last one.
                let expected = chunk_len(c, size.0, size.1);
                let (path, parts) = (format!("{root}{file}"), *self);
                self.fetch(path.clone(), file.clone(), move |v: Vec<T>| {
                    if v.len() != expected {
                        return Err(Problem::Damaged {
                            path,
                            detail: format!(
                                "{} articles, the manifest makes it {expected}",
                                v.len()
                            ),
                        });
                    }
                    T::validate(&v).map_err(|detail| Problem::Damaged { path, detail })?;
                    parts.with_mut(|s| T::chunks(s).insert(c, Rc::new(v)));
                    Ok(())
                });
            }
        }
    }

    /// Fetches `file` (at `url`) unless it is in flight or failed; `keep`
    /// stores it, or says why it cannot be used.
    fn fetch<T: serde::de::DeserializeOwned + 'static>(
        &self,
        url: String,
        file: String,
        keep: impl FnOnce(T) -> Result<(), Problem> + 'static,
    ) {
        self.load(
            file,
            false,
            Box::pin(async move { fetch_json::<T>(&url).await.and_then(keep) }),
        );
    }

    /// Runs `work`, which fetches and keeps `file`, unless the file is
    /// `here`, on its way or failed: counted in `pending`, an error kept
    /// in `failed`, an arrival told to the views.
    fn load(
        &self,
        file: String,
        here: bool,
        // Boxed: one `load` for every kind of file (it was compiled once
        // per caller's future, about 5 KB of wasm each).
        work: LocalBoxFuture<'static, Result<(), Problem>>,
    ) {
        let busy = self.with(|s| s.loading.contains(&file));
        if here || busy || self.failed.with_untracked(|f| f.contains_key(&file)) {
            return;
        }
        self.with_mut(|s| s.loading.insert(file.clone()));
        self.pending.update(|p| *p += 1);
        let parts = *self;
        spawn_now(async move {
            let result = work.await;
            parts.with_mut(|s| s.loading.remove(&file));
            parts.pending.update(|p| *p = p.saturating_sub(1));
            match result {
                Ok(()) => parts.arrived(),
                Err(why) => {
                    leptos::logging::warn!("{}", why.say(crate::i18n::Lang::En));
                    parts.failed.update(|f| {
                        f.insert(file, why);
                    });
                    parts.wake();
                }
            }
        });
    }

    /// Starts fetching the archive's facets, if they are not here yet;
    /// views tracking [`Parts::summary`] and friends update when they come.
    pub fn load_catalog(&self, lib: &Arc<Library>) {
        let a = &lib.archive;
        if lib.catalog().is_some() {
            return;
        }
        let (parts, lib) = (*self, lib.clone());
        // Its code comes with it: the home page needs no catalogue.
        self.load(
            a.manifest.facets.clone(),
            false,
            Box::pin(async move { crate::split::catalog(parts, lib).await?.await }),
        );
    }

    /// Fetches the facets and makes the catalogue of them (see
    /// [`Parts::load_catalog`]).
    pub fn catalog_work(self, lib: Arc<Library>) -> LocalBoxFuture<'static, Result<(), Problem>> {
        let a = &lib.archive;
        let (m, file) = (&a.manifest, a.manifest.facets.clone());
        let (articles, topics) = (m.articles, m.overview.topic_order.clone());
        let url = format!("{}{file}", a.root);
        Box::pin(async move {
            let facets = fetch_json::<Facets>(&url).await?;
            facets
                .validate(articles)
                .map_err(|detail| Problem::Damaged { path: file, detail })?;
            lib.set_catalog(crate::timing::measured("benbao: catalogue", || {
                Catalog::from_facets(&facets, &topics)
            }));
            // The filters are ready; what they and a search will ask for next.
            self.prefetch_lists(&lib.archive);
            Ok(())
        })
    }

    /// Whether the catalogue is here (tracked: true once, when it comes).
    pub fn catalog_here(&self, lib: &Library) -> bool {
        if lib.catalog().is_none() {
            self.version.track();
        }
        lib.catalog().is_some()
    }

    /// Whether article `i` really has the `candidates`' long terms: Some
    /// once its text is here (tracked), None before.
    pub fn verdict(&self, lib: &Library, candidates: &Candidates, i: u32) -> Option<bool> {
        if candidates.verify.is_empty() {
            return Some(true);
        }
        let key = verdict_key(candidates);
        self.verdict_keyed(lib, candidates, &key, i)
    }

    /// [`Parts::verdict`] with its key ([`verdict_key`]) made once, for loops.
    pub fn verdict_keyed(
        &self,
        lib: &Library,
        candidates: &Candidates,
        key: &str,
        i: u32,
    ) -> Option<bool> {
        if candidates.verify.is_empty() {
            return Some(true);
        }
        if let Some(v) = self.with(|s| s.verdicts.get(key).and_then(|m| m.get(&i).copied())) {
            return Some(v);
        }
        // Cheap test first: this runs over every candidate when a chunk arrives.
        self.version.track();
        let (a, m) = (&lib.archive, &lib.archive.manifest);
        let here = (first_page(a, i).is_some()
            || self.with(|s| s.sums.contains_key(&(i as usize / m.summary_chunk))))
            && self.with(|s| s.bodies.contains_key(&(i as usize / m.body_chunk)));
        if !here {
            return None;
        }
        let (summary, body) = (self.summary(lib, i)?, self.body(lib, i)?);
        let text = archive::search_text(&archive::article(&summary, &body));
        let v = candidates.confirm(&text);
        self.with_mut(|s| s.verdicts.entry(key.to_string()).or_default().insert(i, v));
        Some(v)
    }

    fn shard_here(&self, n: u32) -> Option<Rc<Shard>> {
        self.with(|s| s.shards.get(&n).cloned())
    }

    fn posting_here(&self, file: &str) -> Option<Rc<str>> {
        self.with(|s| s.postings.get(file).cloned())
    }

    /// The articles answering a search text: the candidates from the shards
    /// (fetched as needed), which [`Parts::verdict`] confirms one by one when
    /// a term is long. Without a connection, the articles saved on this
    /// device are searched instead, and [`Parts::saved_search`] says so.
    pub async fn search(self, lib: &Library, text: &str) -> Result<Option<Candidates>, Problem> {
        // No connection: the request failed so, or the browser says it is offline.
        let offline = |why: &Problem| {
            matches!(why, Problem::Unreachable { .. })
                || web_sys::window().is_some_and(|w| !w.navigator().on_line())
        };
        match self.search_shards(lib, text).await {
            Err(why) if offline(&why) => match self.search_saved(lib, text).await {
                Some((found, searched)) => {
                    self.saved_search.update(|s| {
                        s.insert(text.to_string(), searched);
                    });
                    Ok(Some(found))
                }
                None => Err(why),
            },
            answer => {
                if answer.is_ok() && self.saved_search.with_untracked(|s| s.contains_key(text)) {
                    self.saved_search.update(|s| {
                        s.remove(text);
                    });
                }
                answer
            }
        }
    }

    /// Searches the articles whose summaries this device holds (in memory,
    /// or in the service worker's cache from earlier visits), their whole
    /// text where their bodies are in memory too, else their title and lead:
    /// the answer and how many articles were searched. None when not even
    /// the list of summary files is at hand.
    async fn search_saved(self, lib: &Library, text: &str) -> Option<(Candidates, usize)> {
        let a = &lib.archive;
        let m = &a.manifest;
        let terms = benbao_core::search::terms(text);
        let sums = self
            .files(SUMMARY_FILES, &format!("{}{}", a.root, m.summary_files))
            .await
            .ok()?;
        // The saved files' names (after the archive's folder).
        let saved: std::collections::HashSet<String> = saved_urls()
            .await
            .into_iter()
            .filter_map(|u| {
                let root = a.root.trim_start_matches("./").trim_start_matches('/');
                u.split_once(root).map(|(_, n)| n.to_string())
            })
            .collect();
        let is_saved = |name: &str| saved.contains(name);
        let (mut found, mut searched) = (Vec::new(), 0usize);
        for (c, name) in sums.iter().enumerate() {
            let chunk = match self.chunk::<Summary>(c) {
                Some(chunk) => chunk,
                None if is_saved(name) => {
                    let url = format!("{}{name}", a.root);
                    match crate::data::fetch_json::<Vec<Summary>>(&url).await {
                        Ok(v) if archive::validate_summaries(&v).is_ok() => Rc::new(v),
                        _ => continue,
                    }
                }
                None => continue,
            };
            for (k, summary) in chunk.iter().enumerate() {
                let i = c * m.summary_chunk + k;
                if i >= m.articles {
                    break;
                }
                searched += 1;
                // Its whole text when its body is here, else its title and lead.
                let body = self.item::<Body>(i as u32, m.body_chunk);
                let body = body.unwrap_or_else(|| Body {
                    id: summary.id.clone(),
                    blocks: vec![benbao_core::Block {
                        kind: benbao_core::BlockKind::Paragraph,
                        text: summary.lead.clone(),
                        truncated: false,
                    }],
                    paper: None,
                    page: None,
                    page_name: None,
                });
                let hay = archive::search_text(&archive::article(summary, &body));
                if terms.iter().all(|t| hay.contains(t.as_str())) {
                    found.push(i as u32);
                }
            }
        }
        Some((
            Candidates {
                articles: found,
                verify: Vec::new(),
            },
            searched,
        ))
    }

    async fn search_shards(self, lib: &Library, text: &str) -> Result<Option<Candidates>, Problem> {
        let a = &lib.archive;
        if benbao_core::search::terms(text).is_empty() {
            return Ok(None);
        }
        let m = &a.manifest;
        // The lists the results will need, on their way meanwhile
        // (not waited for here): the summaries', and the bodies' when a
        // long term is to be confirmed against them.
        let confirm = benbao_core::search::terms(text)
            .iter()
            .any(|t| !archive::exact_by_postings(t));
        let (sums, bodies) = (
            format!("{}{}", a.root, m.summary_files),
            format!("{}{}", a.root, m.body_files),
        );
        // (Nothing to start on most keystrokes: they are here.)
        let missing = self.list_here(SUMMARY_FILES).is_none()
            || (confirm && self.list_here(BODY_FILES).is_none());
        if missing {
            spawn_local(async move {
                let sums = self.files(SUMMARY_FILES, &sums);
                if confirm {
                    let _ = futures::future::join(sums, self.files(BODY_FILES, &bodies)).await;
                } else {
                    let _ = sums.await;
                }
            });
        }
        let files = self
            .files(SHARD_FILES, &format!("{}{}", a.root, m.search_files))
            .await?;
        let wanted: Vec<(u32, String)> = archive::shards_for(text, m.shards)
            .into_iter()
            .filter(|n| self.shard_here(*n).is_none())
            .filter_map(|n| files.get(&n).map(|f| (n, f.clone())))
            .collect();
        let urls: Vec<String> = wanted
            .iter()
            .map(|(_, f)| format!("{}{f}", a.root))
            .collect();
        let fetched = futures::future::join_all(urls.iter().map(|u| fetch_json::<Shard>(u))).await;
        for (((n, _), shard), url) in wanted.into_iter().zip(fetched).zip(&urls) {
            let shard = shard?;
            archive::validate_shard(&shard).map_err(|detail| Problem::Damaged {
                path: url.clone(),
                detail,
            })?;
            let shard = Rc::new(shard);
            self.with_mut(|s| s.shards.insert(n, shard));
        }
        // Then the postings too long to live in their shards.
        let long: Vec<String> = archive::posting_files(text, m.shards, |n| self.shard_here(n))
            .into_iter()
            .filter(|f| self.posting_here(f).is_none())
            .collect();
        if let Some(bad) = long.iter().find(|f| !archive::is_file_name(f)) {
            return Err(Problem::Damaged {
                path: format!("{}{}", a.root, m.search_files),
                detail: format!(
                    "a shard names {}, which is not a file of the archive",
                    Quoted(bad)
                ),
            });
        }
        let urls: Vec<String> = long.iter().map(|f| format!("{}{f}", a.root)).collect();
        let fetched = futures::future::join_all(urls.iter().map(|u| fetch_json::<String>(u))).await;
        for (name, posting) in long.into_iter().zip(fetched) {
            let posting: Rc<str> = posting?.into();
            self.with_mut(|s| s.postings.insert(name, posting));
        }
        crate::timing::measured("benbao: search postings", || {
            archive::candidates(
                text,
                m.shards,
                |n| self.shard_here(n),
                |f| self.posting_here(f),
            )
            .map(Some)
            .map_err(|detail| Problem::Damaged {
                path: format!("{}{}", a.root, m.search_files),
                detail,
            })
        })
    }

    /// The candidates of a search from the shards already here; None when
    /// there is no search text or a shard it needs has not been fetched.
    pub fn search_cached(&self, lib: &Library, text: &str) -> Option<Candidates> {
        let m = &lib.archive.manifest;
        let files = self.list_here(SHARD_FILES)?;
        let needed = archive::shards_for(text, m.shards);
        if needed
            .iter()
            .any(|n| files.contains_key(n) && self.shard_here(*n).is_none())
            || needed.is_empty()
        {
            return None;
        }
        let long = archive::posting_files(text, m.shards, |n| self.shard_here(n));
        if long.iter().any(|f| self.posting_here(f).is_none()) {
            return None;
        }
        archive::candidates(
            text,
            m.shards,
            |n| self.shard_here(n),
            |f| self.posting_here(f),
        )
        .ok()
    }

    /// One of the archive's file lists (at `url`), fetched once: a second
    /// ask while it comes waits for the same answer.
    async fn files<T: serde::de::DeserializeOwned + FileList + 'static>(
        self,
        list: ListOf<T>,
        url: &str,
    ) -> Result<Rc<T>, Problem> {
        let parts = self;
        let coming = self.with_mut(|s| {
            list(s)
                .get_or_insert_with(|| {
                    let url = url.to_string();
                    async move {
                        // Every name must be a file inside the archive's folder.
                        let fetched = fetch_json::<T>(&url).await.and_then(|l| {
                            let bad = l.names().find(|n| !archive::is_file_name(n)).cloned();
                            match bad {
                                Some(bad) => Err(Problem::Damaged {
                                    path: url.clone(),
                                    detail: format!(
                                        "it names {}, which is not a file of the archive",
                                        Quoted(&bad)
                                    ),
                                }),
                                None => Ok(Rc::new(l)),
                            }
                        });
                        match &fetched {
                            Err(_) => parts.with_mut(|s| *list(s) = None),
                            // Views waiting on it ask again (it may have come by
                            // way of a search or the prefetch, not their request).
                            Ok(_) => parts.arrived(),
                        }
                        fetched
                    }
                    .boxed_local()
                    .shared()
                })
                .clone()
        });
        coming.await
    }

    /// The calendar of editions (none when the archive has no dated,
    /// paged articles), fetched once and checked.
    async fn calendar(self, lib: &Library) -> Result<Option<Rc<Calendar>>, Problem> {
        let a = &lib.archive;
        let Some(name) = a.manifest.editions.as_deref() else {
            return Ok(None);
        };
        if let Some(c) = self.with(|s| s.calendar.clone()) {
            return Ok(Some(c));
        }
        let path = format!("{}{name}", a.root);
        let calendar: Calendar = fetch_json(&path).await?;
        validate_calendar(&calendar).map_err(|detail| Problem::Damaged { path, detail })?;
        let calendar = Rc::new(calendar);
        self.with_mut(|s| s.calendar = Some(calendar.clone()));
        Ok(Some(calendar))
    }

    /// The calendar and `month`'s editions (none for a month the calendar
    /// does not list), when already here: no fetch.
    #[allow(clippy::type_complexity)]
    pub fn month_here(&self, month: &str) -> Option<(Option<Rc<Calendar>>, Option<Rc<MonthFile>>)> {
        self.with(|s| {
            let calendar = s.calendar.clone()?;
            if !calendar.contains_key(month) {
                return Some((Some(calendar), None));
            }
            let editions = s.months.get(month)?.clone();
            Some((Some(calendar), Some(editions)))
        })
    }

    /// The calendar and every month's editions, read by the pre-renderer.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn insert_editions(&self, calendar: Rc<Calendar>, months: HashMap<String, Rc<MonthFile>>) {
        self.with_mut(|s| {
            s.calendar = Some(calendar);
            s.months = months;
        });
    }

    /// The editions of `month` (`YYYY-MM`), with the calendar; none when
    /// the calendar does not list the month.
    pub async fn month(
        self,
        lib: &Library,
        month: &str,
    ) -> Result<(Option<Rc<Calendar>>, Option<Rc<MonthFile>>), Problem> {
        if let Some(found) = self.month_here(month) {
            return Ok(found);
        }
        let Some(calendar) = self.calendar(lib).await? else {
            return Ok((None, None));
        };
        let Some(file) = calendar.get(month).map(|m| m.file.clone()) else {
            return Ok((Some(calendar), None));
        };
        let path = format!("{}{file}", lib.archive.root);
        let editions: MonthFile = fetch_json(&path).await?;
        validate_month(&editions, month, lib.archive.manifest.articles)
            .map_err(|detail| Problem::Damaged { path, detail })?;
        let editions = Rc::new(editions);
        self.with_mut(|s| s.months.insert(month.to_string(), editions.clone()));
        Ok((Some(calendar), Some(editions)))
    }

    /// Fetches, in the background, the lists any filter or search will need
    /// (failures are left for that use to report).
    pub fn prefetch_lists(&self, a: &crate::data::Archive) {
        let m = &a.manifest;
        let (sums, shards) = (
            format!("{}{}", a.root, m.summary_files),
            format!("{}{}", a.root, m.search_files),
        );
        let parts = *self;
        spawn_local(async move {
            let _ = futures::future::join(
                parts.files(SUMMARY_FILES, &sums),
                parts.files(SHARD_FILES, &shards),
            )
            .await;
        });
    }

    /// Article `id`, when its summary and body chunks are here already.
    fn article_here(&self, a: &crate::data::Archive, id: &str) -> Option<(u32, Article)> {
        let m = &a.manifest;
        let o = &m.overview;
        let on_first_page = o
            .first_page
            .iter()
            .position(|s| s.id == id)
            .and_then(|k| o.newest.get(k).copied());
        let i = on_first_page.or_else(|| {
            self.with(|s| {
                s.sums.iter().find_map(|(&chunk, list)| {
                    let k = list.iter().position(|s| s.id == id)?;
                    u32::try_from(chunk * m.summary_chunk + k).ok()
                })
            })
        })?;
        let summary = first_page(a, i)
            .cloned()
            .or_else(|| self.item::<Summary>(i, m.summary_chunk))?;
        let body = self.item::<Body>(i, m.body_chunk)?;
        (body.id == id).then(|| (i, archive::article(&summary, &body)))
    }

    /// Finds an article by id: its number and the whole article.
    pub async fn article(self, lib: &Library, id: &str) -> Result<Option<(u32, Article)>, Problem> {
        let a = &lib.archive;
        // Already here (a small archive's chunks come after the first view):
        // no file to fetch, so an article opens offline too.
        if let Some(found) = self.article_here(a, id) {
            return Ok(Some(found));
        }
        let number = {
            let m = &a.manifest;
            let files = self
                .files(ID_FILES, &format!("{}{}", a.root, m.id_files))
                .await?;
            let Some(file) = files.get(&archive::shard_of(id, m.id_shards)) else {
                return Ok(None);
            };
            let url = format!("{}{file}", a.root);
            let shard: IdShard = fetch_json(&url).await?;
            archive::validate_id_shard(&shard, m.articles)
                .map_err(|detail| Problem::Damaged { path: url, detail })?;
            shard.get(id).copied()
        };
        let Some(i) = number else { return Ok(None) };
        let m = &a.manifest;
        let (sum_files, body_files) = futures::future::join(
            self.files(SUMMARY_FILES, &format!("{}{}", a.root, m.summary_files)),
            self.files(BODY_FILES, &format!("{}{}", a.root, m.body_files)),
        )
        .await;
        let (sum_files, body_files) = (sum_files?, body_files?);
        let (Some(sf), Some(bf)) = (
            sum_files.get(i as usize / m.summary_chunk),
            body_files.get(i as usize / m.body_chunk),
        ) else {
            return Ok(None);
        };
        let (sums, bodies) = futures::future::join(
            fetch_json::<Vec<Summary>>(&format!("{}{sf}", a.root)),
            fetch_json::<Vec<Body>>(&format!("{}{bf}", a.root)),
        )
        .await;
        let (sums, bodies) = (sums?, bodies?);
        archive::validate_summaries(&sums).map_err(|detail| Problem::Damaged {
            path: format!("{}{sf}", a.root),
            detail,
        })?;
        archive::validate_bodies(&bodies).map_err(|detail| Problem::Damaged {
            path: format!("{}{bf}", a.root),
            detail,
        })?;
        let (Some(s), Some(b)) = (
            sums.get(i as usize % m.summary_chunk),
            bodies.get(i as usize % m.body_chunk),
        ) else {
            return Err(Problem::Damaged {
                path: format!("{}{sf}", a.root),
                detail: format!("article {i} is missing"),
            });
        };
        // A stale or damaged id shard must not put another article under this link.
        if s.id != id || b.id != id {
            return Err(Problem::Damaged {
                path: format!("{}{sf}", a.root),
                detail: format!(
                    "article {i} is {}, the id shard says {}",
                    Quoted(&s.id),
                    Quoted(id)
                ),
            });
        }
        let article = archive::article(s, b);
        // Kept for the other articles only when whole (as `chunks` keeps them).
        let (sc, bc) = (i as usize / m.summary_chunk, i as usize / m.body_chunk);
        let (sums_whole, bodies_whole) = (
            sums.len() == chunk_len(sc, m.summary_chunk, m.articles),
            bodies.len() == chunk_len(bc, m.body_chunk, m.articles),
        );
        self.with_mut(|c| {
            if sums_whole {
                c.sums.entry(sc).or_insert_with(|| Rc::new(sums));
            }
            if bodies_whole {
                c.bodies.entry(bc).or_insert_with(|| Rc::new(bodies));
            }
        });
        Ok(Some((i, article)))
    }
}

/// How many articles chunk `c` holds, in chunks of `n` of `articles`:
/// articles c·n … c·n+n−1, fewer in the last one.
fn chunk_len(c: usize, n: usize, articles: usize) -> usize {
    n.min(articles.saturating_sub(c.saturating_mul(n)))
}

/// The key verdicts on `candidates` are kept under (their long terms).
pub fn verdict_key(candidates: &Candidates) -> String {
    candidates.verify.join("\u{0}")
}

/// Runs a task, its first step at once: a fetch is sent when its future is
/// first polled, and [`spawn_local`] would poll it only after every task
/// already queued (on a keystroke, the page's redraw). The rest runs as a
/// task of its own.
pub fn spawn_now(task: impl std::future::Future<Output = ()> + 'static) {
    let mut task = Box::pin(task);
    let waker = futures::task::noop_waker();
    let mut cx = std::task::Context::from_waker(&waker);
    // Untracked: whatever the task reads must not become a dependency of
    // the effect that started it.
    if untrack(|| task.as_mut().poll(&mut cx)).is_pending() {
        // Polled again from the queue (which wakes it with its own waker).
        spawn_local(task);
    }
}

/// Article `i`'s summary if it is on the first page, which the manifest carries.
fn first_page(a: &crate::data::Archive, i: u32) -> Option<&Summary> {
    let o = &a.manifest.overview;
    o.newest
        .iter()
        .take(o.first_page.len())
        .position(|&n| n == i)
        .and_then(|k| o.first_page.get(k))
}

/// A list of an archive's files (by chunk or by shard number).
trait FileList {
    fn names(&self) -> Box<dyn Iterator<Item = &String> + '_>;
}

impl FileList for Vec<String> {
    fn names(&self) -> Box<dyn Iterator<Item = &String> + '_> {
        Box::new(self.iter())
    }
}

impl FileList for ShardFiles {
    fn names(&self) -> Box<dyn Iterator<Item = &String> + '_> {
        Box::new(self.values())
    }
}

/// The addresses the service worker's caches hold (none where there are
/// no caches, natively or in a browser without them).
async fn saved_urls() -> Vec<String> {
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    // (`window.caches` is undefined on a plain-HTTP origin.)
    let Some(caches) = web_sys::window()
        .and_then(|w| w.caches().ok())
        .and_then(|c| JsValue::from(c).dyn_into::<web_sys::CacheStorage>().ok())
    else {
        return Vec::new();
    };
    let Ok(names) = JsFuture::from(caches.keys()).await else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for name in js_sys::Array::from(&names).iter() {
        let Some(name) = name.as_string() else {
            continue;
        };
        let Ok(cache) = JsFuture::from(caches.open(&name)).await else {
            continue;
        };
        let cache: web_sys::Cache = cache.unchecked_into();
        let Ok(requests) = JsFuture::from(cache.keys()).await else {
            continue;
        };
        for r in js_sys::Array::from(&requests).iter() {
            out.push(r.unchecked_into::<web_sys::Request>().url());
        }
    }
    out
}
