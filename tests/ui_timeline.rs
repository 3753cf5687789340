//! The timeline in the real app: clicking an event shows its passage in the viewer; decisions are undoable.

mod common;

use egui::Modifiers;
use egui_kittest::kittest::Queryable;
use khabar::timeline::events::Status;

use common::click;

#[test]
fn clicking_a_timeline_event_shows_its_passage_in_the_viewer() {
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    // The Lokmat article's 13 September 2023 meeting: not the article open at start.
    let (event_id, source) = {
        let app = harness.state_mut();
        let p = app.project.as_mut().unwrap();
        let events = app.derived.timeline.events(p).to_vec();
        let e = events
            .iter()
            .find(|e| e.date.to_timex() == "2023-09-13")
            .expect("the 2023-09-13 meeting event");
        (e.id.clone(), e.sources[0].clone())
    };
    assert_ne!(
        harness.state().viewer.article.as_ref(),
        Some(&source.article)
    );
    let pos = harness
        .state()
        .timeline
        .event_position(&event_id)
        .expect("event is plotted");
    click(&mut harness, pos);

    let app = harness.state();
    assert_eq!(
        app.timeline.selected.as_deref(),
        Some(event_id.as_str()),
        "the event is selected"
    );
    assert_eq!(
        app.viewer.article.as_ref(),
        Some(&source.article),
        "the viewer switched to the source article"
    );
    let (flash, _) = app.viewer.flash.clone().expect("the passage flashes");
    assert_eq!(flash, source.span);
    // The passage's block is on screen, inside the viewer's visible area.
    let placed = app
        .viewer
        .placed
        .iter()
        .find(|p| {
            p.offset <= source.span.start
                && source.span.start < p.offset + p.galley.text().chars().count()
        })
        .expect("the passage's paragraph is laid out");
    assert!(
        placed.rect.top() >= 0.0 && placed.rect.top() < 900.0,
        "{:?}",
        placed.rect
    );
}

#[test]
fn rejecting_an_event_is_stored_and_undoable() {
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let id = {
        let app = harness.state_mut();
        let p = app.project.as_mut().unwrap();
        let events = app.derived.timeline.events(p).to_vec();
        events
            .iter()
            .find(|e| e.date.to_timex() == "2000")
            .unwrap()
            .id
            .clone()
    };
    let ctx = harness.ctx.clone();
    let status = |h: &mut egui_kittest::Harness<'_, khabar::ui::KhabarApp>| {
        let app = h.state_mut();
        let p = app.project.as_mut().unwrap();
        app.derived
            .timeline
            .events(p)
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.status)
    };
    harness.state_mut().apply(
        &ctx,
        khabar::ui::Action::EventChange {
            event: id.clone(),
            change: khabar::ui::timeline_panel::EventChange::Reject,
        },
    );
    harness.run();
    assert_eq!(status(&mut harness), Some(Status::Rejected));
    // Hidden from the plot unless "Rejected" is ticked.
    assert!(harness.state().timeline.event_position(&id).is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(status(&mut harness), Some(Status::Candidate));
    assert!(harness.state().timeline.event_position(&id).is_some());
}

#[test]
fn editing_the_publication_date_re_resolves_weekdays() {
    let mut project = common::bundled_project();
    // Article 001 says "बुधवार को" and has no publication date.
    let id = project.metas()[1].id.clone();
    let mut timeline = khabar::timeline::Timeline::default();
    let before = timeline.dates(&mut project, &id).unwrap();
    assert!(before.unresolved.iter().any(|u| u.text.contains("बुधवार")));
    project
        .set_published(&id, chrono::NaiveDate::from_ymd_opt(2024, 6, 20))
        .unwrap();
    let after = timeline.dates(&mut project, &id).unwrap();
    assert!(after.unresolved.is_empty());
    let wed = after
        .candidates
        .iter()
        .find(|c| c.mention_text.contains("बुधवार"))
        .unwrap();
    assert_eq!(
        wed.value.to_timex(),
        "2024-06-19",
        "the Wednesday on or before 20 June 2024"
    );
    project.undo().unwrap();
    assert!(!timeline
        .dates(&mut project, &id)
        .unwrap()
        .unresolved
        .is_empty());
}

#[test]
fn the_panel_says_which_dates_need_a_publication_date() {
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    use egui_kittest::kittest::Queryable;
    // Three bundled articles state no publication date; their weekdays and "इस वर्ष" stay unresolved.
    let hint = harness.get_by_label_contains("need the article's publication date");
    let text = format!("{hint:?}");
    assert!(text.contains("article(s)"), "{text}");
    let (n, articles) = harness.state().derived.timeline.unresolved_counts();
    assert!(n >= 3 && articles >= 2, "{n} in {articles}");
}

#[test]
fn selecting_an_annotation_rings_the_event_its_passage_reports() {
    let mut project = common::bundled_project();
    let lokmat = project.metas()[4].id.clone();
    let range = project.find_quote(&lokmat, "क्रेमलिन द्वारा जारी", 1).unwrap();
    let ann = project
        .add_annotation(&lokmat, range, vec![1], String::new())
        .unwrap();
    let mut harness = common::app_harness(project);
    harness.run();
    assert_eq!(harness.state().timeline.related, None);
    // Open that annotation from the annotations panel, as a user would.
    harness.state_mut().annotations.whole_corpus = true;
    harness.run();
    use egui_kittest::kittest::Queryable;
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "क्रेमलिन द्वारा जारी")
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.viewer.selected_annotation, Some(ann));
    let related = app
        .timeline
        .related
        .clone()
        .expect("the annotation's sentence reports an event");
    let events = app.derived.timeline.current();
    let e = events.iter().find(|e| e.id == related).unwrap();
    assert_eq!(e.date.to_timex(), "2023-09-13");
}

/// The date axis is labelled at every zoom step from "Fit all" (decades) down to days, its labels never overlap, and
/// "+" zooms around the pointer: the event under it stays where it was.
#[test]
fn the_date_axis_is_labelled_at_every_zoom_and_plus_zooms_around_the_pointer() {
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let event_id = {
        let app = harness.state_mut();
        let p = app.project.as_mut().unwrap();
        let events = app.derived.timeline.events(p).to_vec();
        events
            .iter()
            .find(|e| e.date.to_timex() == "2023-09-13")
            .expect("the 2023-09-13 meeting event")
            .id
            .clone()
    };
    let is_date_label = |t: &str| {
        let w: Vec<&str> = t.split(' ').collect();
        let month =
            |m: &str| m.len() == 3 && m.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        let year = |y: &str| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit());
        match w.as_slice() {
            [y] => year(y),
            [m, y] if month(m) => year(y),
            [d, m] => d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)) && month(m),
            _ => false,
        }
    };
    let mut saw_months = false;
    let mut saw_days = false;
    for step in 0..24 {
        let anchor = harness
            .state()
            .timeline
            .event_position(&event_id)
            .expect("plotted");
        let labels: Vec<(String, egui::Rect)> = common::painted(&harness)
            .into_iter()
            .filter(|(_, g)| is_date_label(g.text()))
            .map(|(pos, g)| {
                (
                    g.text().to_owned(),
                    egui::Rect::from_min_size(pos, g.size()),
                )
            })
            .collect();
        if labels.len() < 2 {
            let all: Vec<String> = common::painted(&harness)
                .iter()
                .map(|(p, g)| format!("{p:?} {}", g.text().chars().take(20).collect::<String>()))
                .collect();
            panic!("step {step}: axis labels {labels:?}; painted: {all:#?}");
        }
        for (i, (a, ra)) in labels.iter().enumerate() {
            for (b, rb) in &labels[i + 1..] {
                assert!(!ra.intersects(*rb), "step {step}: “{a}” overlaps “{b}”");
            }
        }
        saw_months |= labels
            .iter()
            .any(|(t, _)| t.len() == 8 && !t.starts_with("Jan"));
        saw_days |= labels.iter().any(|(t, _)| {
            t.split(' ')
                .next()
                .is_some_and(|d| d.parse::<u32>().is_ok())
                && t.len() <= 6
        });
        // Zoom in one step with the pointer on the event.
        harness.hover_at(anchor);
        harness.run();
        harness.key_press(egui::Key::Plus);
        harness.run();
        harness.run();
        let after = harness
            .state()
            .timeline
            .event_position(&event_id)
            .expect("still plotted");
        assert!(
            (after.x - anchor.x).abs() < 6.0,
            "step {step}: the event moved from {anchor:?} to {after:?}"
        );
    }
    assert!(saw_months, "month labels at some zoom");
    assert!(saw_days, "day labels at some zoom");
}

/// Merging the selected event into another keeps the merged event selected; switching to lanes by article refits
/// them (every lane on screen, none blank above).
#[test]
fn merging_keeps_the_merged_event_selected_and_lane_modes_refit() {
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let (a, b) = {
        let app = harness.state_mut();
        let p = app.project.as_mut().unwrap();
        let events = app.derived.timeline.events(p).to_vec();
        assert!(events.len() >= 2);
        (events[0].clone(), events[1].clone())
    };
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, khabar::ui::Action::SelectEvent(Some(a.id.clone())));
    harness.state_mut().apply(
        &ctx,
        khabar::ui::Action::EventChange {
            event: a.id.clone(),
            change: khabar::ui::timeline_panel::EventChange::MergeInto(b.id.clone()),
        },
    );
    harness.run();
    let selected = harness
        .state()
        .timeline
        .selected
        .clone()
        .expect("an event stays selected");
    let merged = {
        let app = harness.state_mut();
        let p = app.project.as_mut().unwrap();
        app.derived
            .timeline
            .events(p)
            .iter()
            .find(|e| e.id == selected)
            .cloned()
            .expect("the selected event exists")
    };
    assert!(
        a.members
            .iter()
            .chain(&b.members)
            .all(|m| merged.members.contains(m)),
        "{merged:?}"
    );

    // By article: one lane per article, the top one where the top category lane was (no blank lanes above).
    let top_category_lane = common::painted(&harness)
        .iter()
        .find(|(_, g)| g.text() == "Published")
        .map(|(p, _)| p.y)
        .expect("the Published lane");
    harness.get_by_label("By article").click();
    harness.run();
    harness.run();
    let titles: Vec<String> = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .metas()
        .iter()
        .map(|m| khabar::project::short(&m.title))
        .collect();
    let lanes: Vec<f32> = common::painted(&harness)
        .iter()
        .filter(|(_, g)| titles.iter().any(|t| t == g.text()))
        .map(|(p, _)| p.y)
        .collect();
    assert!(
        lanes.len() >= titles.len(),
        "{} of {} article lanes labelled",
        lanes.len(),
        titles.len()
    );
    let top = lanes.iter().copied().fold(f32::INFINITY, f32::min);
    assert!(
        top <= top_category_lane + 15.0,
        "top article lane at {top}, the plot's top lane was at {top_category_lane}"
    );
}
