//! The timeline's events as a TimelineJS file (https://timeline.knightlab.com/docs/json-format.html): one slide per
//! event that is not rejected, grouped by category, with the reporting sentences and their articles as text.

use serde_json::{json, Value};

use super::ExchangeError;
use super::ExportScope;
use crate::project::Project;
use crate::timeline::events::Status;
use crate::timeline::tagger::Granularity;
use crate::timeline::Timeline;

fn date(value: &crate::timeline::tagger::TimexValue) -> Value {
    let mut d = json!({ "year": value.year.to_string() });
    if let Some(m) = value.month {
        d["month"] = json!(m.to_string());
    }
    if let Some(day) = value.day {
        d["day"] = json!(day.to_string());
    }
    d
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn export(
    project: &mut Project,
    scope: &ExportScope,
) -> Result<(Vec<u8>, usize), ExchangeError> {
    let mut timeline = Timeline::default();
    let events: Vec<_> = timeline
        .events(project)
        .iter()
        .filter(|e| e.status != Status::Rejected)
        .filter(|e| {
            scope
                .article
                .as_ref()
                .is_none_or(|a| e.sources.iter().any(|s| &s.article == a))
        })
        .cloned()
        .collect();
    let mut slides = Vec::new();
    for e in &events {
        let mut text = String::new();
        for s in &e.sources {
            let title = project
                .meta(&s.article)
                .map(|m| m.title.clone())
                .unwrap_or_default();
            text += &format!(
                "<p>{}<br><small>— {} ({}:{}–{})</small></p>",
                escape(&s.text),
                escape(&title),
                s.article,
                s.span.start,
                s.span.end
            );
        }
        let mut slide = json!({
            "unique_id": e.id.replace(':', "-"),
            "start_date": date(&e.date),
            "text": { "headline": escape(&e.label), "text": text },
            "group": e.category.label(),
        });
        if e.granularity() != Granularity::Day {
            let last = e
                .date
                .end_date_exclusive()
                .pred_opt()
                .unwrap_or(e.date.start_date());
            let end = crate::timeline::tagger::TimexValue::from_date(last).coarsen(e.granularity());
            slide["end_date"] = date(&end);
            slide["display_date"] = json!(e.date.to_timex());
        }
        slides.push(slide);
    }
    let doc = json!({
        "title": { "text": { "headline": "Khabar timeline", "text": format!("{} events", slides.len()) } },
        "events": slides,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok((bytes, events.len()))
}
