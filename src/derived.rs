//! What the app derives from the open project (timeline events, filtered lists…), refreshed in one step before any
//! view draws, and the one small memo that every view-side cache uses. Everything is keyed by the project's identity
//! and revision ([`ProjectKey`]), so what was derived from one project is never shown for another.

use std::time::Duration;

use crate::project::{Project, ProjectKey};
use crate::timeline::{Progress, Timeline};

/// A value computed from inputs (`K`: the project key plus whatever else it depends on, such as a filter, the font
/// or the theme), recomputed only when they change.
#[derive(Debug)]
pub struct Memo<K, V> {
    slot: Option<(K, V)>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo { slot: None }
    }
}

impl<K: PartialEq, V> Memo<K, V> {
    /// The value for `key`, computed by `compute` when the inputs changed since the last call.
    pub fn get(&mut self, key: K, compute: impl FnOnce() -> V) -> &V {
        if self.slot.as_ref().is_none_or(|(k, _)| *k != key) {
            self.slot = Some((key, compute()));
        }
        &self.slot.as_ref().expect("filled just above").1
    }

    /// The value for `key` if it is the one computed last.
    pub fn peek(&self, key: &K) -> Option<&V> {
        self.slot.as_ref().filter(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn clear(&mut self) {
        self.slot = None;
    }
}

/// State derived from the open project that several views read.
#[derive(Default)]
pub struct Derived {
    /// Events of the timeline (dated per article, incrementally).
    pub timeline: Timeline,
    /// While the corpus is still being dated: how far it has come.
    pub timeline_progress: Option<Progress>,
    /// Which project the rest was derived from.
    key: Option<ProjectKey>,
}

impl Derived {
    /// Bring everything up to date with `project`, working at most `budget` on long work this frame. Returns whether
    /// work remains (the caller asks for another frame).
    pub fn refresh(&mut self, project: &Project, budget: Duration) -> bool {
        let key = project.key();
        if self.key.is_some_and(|k| k.instance != key.instance) {
            crate::parallel::drop_in_background(std::mem::take(self));
        }
        self.key = Some(key);
        self.timeline_progress = self.timeline.refresh(project, Some(budget));
        self.timeline_progress.is_some()
    }

    /// The timeline's events brought fully up to date (before an action decides on one of them).
    pub fn timeline_now(
        &mut self,
        project: &Project,
    ) -> std::sync::Arc<Vec<crate::timeline::events::Event>> {
        self.timeline.refresh(project, None);
        self.timeline_progress = None;
        self.timeline.current()
    }
}
