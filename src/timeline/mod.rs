//! Time in the articles: temporal expressions (Hindi and English), sentences, event categories and the events the
//! timeline plots. No egui here.

pub mod category;
pub mod events;
pub mod sentences;
pub mod tagger;

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{ArticleId, BlockKind};
use crate::project::Project;
use events::{ArticleDates, Event};

/// Events of a project, recomputed when the project changes. Tagging results are kept per article and reused while
/// the article's publication date and block kinds are unchanged.
#[derive(Default)]
pub struct Timeline {
    per_article: HashMap<ArticleId, (u64, Arc<ArticleDates>)>,
    events: Vec<Event>,
    computed_at: Option<(u64, usize)>,
}

fn signature(published: Option<chrono::NaiveDate>, kinds: impl Iterator<Item = BlockKind>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    published.hash(&mut h);
    for k in kinds {
        k.hash(&mut h);
    }
    h.finish()
}

impl Timeline {
    /// The events, brought up to date with the project.
    pub fn events(&mut self, project: &mut Project) -> &[Event] {
        self.refresh(project);
        &self.events
    }

    /// What the tagger found in one article (up to date).
    pub fn dates(&mut self, project: &mut Project, id: &ArticleId) -> Option<Arc<ArticleDates>> {
        self.refresh(project);
        self.per_article.get(id).map(|(_, d)| d.clone())
    }

    /// What the tagger found in one article at the last refresh.
    pub fn cached_dates(&self, id: &ArticleId) -> Option<Arc<ArticleDates>> {
        self.per_article.get(id).map(|(_, d)| d.clone())
    }

    pub fn refresh(&mut self, project: &mut Project) {
        let key = (project.revision(), project.metas().len());
        if self.computed_at == Some(key) {
            return;
        }
        let ids: Vec<ArticleId> = project.metas().iter().map(|m| m.id.clone()).collect();
        let mut candidates = Vec::new();
        let mut from_annotations = Vec::new();
        let codes = project.codes().to_vec();
        let mut fresh = HashMap::with_capacity(ids.len());
        for id in &ids {
            let Ok(article) = project.article(id) else {
                continue;
            };
            let sig = signature(
                article.meta.published,
                article.blocks.iter().map(|b| b.kind),
            );
            let dates = match self.per_article.remove(id) {
                Some((s, d)) if s == sig => d,
                _ => Arc::new(events::article_dates(&article)),
            };
            candidates.extend(dates.candidates.iter().cloned());
            let anns = project.annotations_of(id);
            if !anns.is_empty() {
                from_annotations.extend(events::annotation_events(&article, &dates, &anns, &codes));
            }
            fresh.insert(id.clone(), (sig, dates));
        }
        self.per_article = fresh;
        self.events = events::build_events(&candidates, project.decisions(), from_annotations);
        self.computed_at = Some(key);
    }
}
