//! Time in the articles: temporal expressions (Hindi and English), sentences, event categories and the events the
//! timeline plots. No egui here.

pub mod category;
pub mod cli;
pub mod events;
pub mod mentions;
pub mod sentences;
pub mod tagger;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::model::ArticleId;
use crate::project::{Project, ProjectKey};
use events::{ArticleDates, Event};

/// How far a background dating pass has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Events of a project, recomputed when the project changes. What the tagger found is kept per article and redone
/// only for articles whose blocks or metadata changed. Work can be spread over frames with a time budget, so a
/// large corpus never freezes the window.
#[derive(Default)]
pub struct Timeline {
    per_article: HashMap<ArticleId, (u64, Arc<ArticleDates>)>,
    events: Arc<Vec<Event>>,
    /// The project (identity and revision) the events were built for.
    built_at: Option<ProjectKey>,
    /// Articles still to date for the project and revision in `pending_for`.
    pending: Vec<ArticleId>,
    pending_total: usize,
    pending_for: Option<ProjectKey>,
    /// Date expressions that could not be resolved, and in how many articles (at the last build).
    unresolved: (usize, usize),
}

impl Timeline {
    /// The events, brought fully up to date with the project.
    pub fn events(&mut self, project: &Project) -> &[Event] {
        self.refresh(project, None);
        &self.events
    }

    /// The events as last built (possibly behind the project while a budgeted refresh is under way).
    pub fn current(&self) -> Arc<Vec<Event>> {
        self.events.clone()
    }

    /// What the tagger found in one article (brought up to date).
    pub fn dates(&mut self, project: &Project, id: &ArticleId) -> Option<Arc<ArticleDates>> {
        self.refresh(project, None);
        self.cached_dates(id)
    }

    /// How many date expressions could not be resolved, in how many articles (at the last build).
    pub fn unresolved_counts(&self) -> (usize, usize) {
        self.unresolved
    }

    /// What the tagger found in one article at the last refresh.
    pub fn cached_dates(&self, id: &ArticleId) -> Option<Arc<ArticleDates>> {
        self.per_article.get(id).map(|(_, d)| d.clone())
    }

    /// Bring the events up to date, working at most `budget` (all of it when `None`). Returns the progress while
    /// work remains, `None` once the events match the project.
    pub fn refresh(&mut self, project: &Project, budget: Option<Duration>) -> Option<Progress> {
        let key = project.key();
        if self.built_at == Some(key) {
            return None;
        }
        let same_project = |k: Option<ProjectKey>| k.is_some_and(|k| k.instance == key.instance);
        if !same_project(self.built_at) && !same_project(self.pending_for) {
            // Another project: nothing found in the last one applies here (an article with the same id may have other
            // blocks or another publication date, and the decisions are the other project's).
            *self = Timeline::default();
        }
        if self.pending_for != Some(key) {
            let metas = project.metas();
            let present: std::collections::HashSet<&ArticleId> =
                metas.iter().map(|m| &m.id).collect();
            self.per_article.retain(|id, _| present.contains(id));
            self.pending = metas
                .iter()
                .filter(|m| {
                    self.per_article
                        .get(&m.id)
                        .is_none_or(|(rev, _)| *rev != project.article_revision(&m.id))
                })
                .map(|m| m.id.clone())
                .collect();
            self.pending.reverse();
            self.pending_total = self.pending.len();
            self.pending_for = Some(key);
        }
        let started = Instant::now();
        while let Some(id) = self.pending.pop() {
            if let Ok((text, blocks)) = project.article_text_and_blocks(&id) {
                let published = project.meta(&id).and_then(|m| m.published);
                let dates = Arc::new(events::dates_of(&id, published, &text, &blocks));
                self.per_article
                    .insert(id.clone(), (project.article_revision(&id), dates));
            }
            if budget.is_some_and(|b| started.elapsed() >= b) && !self.pending.is_empty() {
                return Some(Progress {
                    done: self.pending_total - self.pending.len(),
                    total: self.pending_total,
                });
            }
        }
        self.build(project);
        None
    }

    fn build(&mut self, project: &Project) {
        let codes = project.codes();
        let mut candidates = Vec::new();
        let mut from_annotations = Vec::new();
        self.unresolved = (0, 0);
        for m in project.metas() {
            let Some((_, dates)) = self.per_article.get(&m.id) else {
                continue;
            };
            if !dates.unresolved.is_empty() {
                self.unresolved.0 += dates.unresolved.len();
                self.unresolved.1 += 1;
            }
            candidates.extend(dates.candidates.iter().cloned());
            let anns = project.annotations_of(&m.id);
            if !anns.is_empty() {
                from_annotations.extend(events::annotation_events(
                    m.published,
                    dates,
                    &anns,
                    codes,
                ));
            }
        }
        self.events = Arc::new(events::build_events(
            &candidates,
            project.decisions(),
            from_annotations,
        ));
        self.built_at = Some(project.key());
    }
}
