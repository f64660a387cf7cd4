//! The session log (contract §4): what was done, how it felt, and daily check-ins.
//!
//! As with the intake, `LogEntryInput` is the JSON shape and `Log::parse` checks every value,
//! sorts by date (a log pasted out of order reads the same) and drops exact duplicates (a
//! double-submitted entry must not count twice towards adherence).

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::error::{InputErrors, Problems};
use crate::vocab::RedFlag;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LogEntryInput {
    Session(SessionInput),
    Checkin(CheckinInput),
    /// A disability questionnaire (ODI or NDI) a clinic asked and scored: its ten section scores.
    Measure(MeasureInput),
}

/// An Oswestry or Neck Disability Index, entered as its ten section scores (0..=5, `null` for
/// one not answered) by a clinic that holds the questionnaire's licence; Gradus never shows its
/// wording. Reviews count a fall of at least the minimal important difference as progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct MeasureInput {
    /// The day it was filled in, YYYY-MM-DD.
    #[cfg_attr(feature = "schema", schemars(pattern(r"^\d{4}-\d{2}-\d{2}$")))]
    pub date: String,
    pub measure: crate::measures::DisabilityMeasure,
    /// The ten section scores in the questionnaire's order.
    #[cfg_attr(feature = "schema", schemars(length(min = 10, max = 10)))]
    pub items: Vec<Option<i64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct SessionInput {
    /// YYYY-MM-DD.
    #[cfg_attr(feature = "schema", schemars(pattern(r"^\d{4}-\d{2}-\d{2}$")))]
    pub date: String,
    #[serde(default)]
    pub items: Vec<LoggedItem>,
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 10)))]
    pub pain_before: i64,
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 10)))]
    pub pain_during: i64,
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 10)))]
    pub pain_after: i64,
    /// May be filled in the next day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_by_next_morning: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct LoggedItem {
    pub exercise: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sets: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reps: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
    /// Pain during this exercise, 0..=10 (contract v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 10)))]
    pub pain: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct CheckinInput {
    #[cfg_attr(feature = "schema", schemars(pattern(r"^\d{4}-\d{2}-\d{2}$")))]
    pub date: String,
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 10)))]
    pub pain: i64,
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 10)))]
    pub stiffness: i64,
    #[serde(default)]
    pub new_red_flags: Vec<RedFlag>,
    /// Optional re-rating of the goals (PSFS style, 0–10).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<crate::intake::GoalInput>,
    /// Optional report on the current exposure-ladder step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure: Option<ExposureReport>,
}

/// "I did step N of my ladder, and now it feels this harmful (0–100)."
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct ExposureReport {
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 1000)))]
    pub step: i64,
    pub done: bool,
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 100)))]
    pub fear: i64,
}

/// How many days back a session may be logged, or a "did it settle by the next morning?" asked:
/// about a week, the review window (`Settings::window_days`), so nothing logged late falls
/// outside the review that should read it.
pub const BACKDATE_DAYS: i64 = 7;

/// May an entry for `day` still be logged (or completed) on `today`?
pub fn may_backdate(day: Day, today: Day) -> bool {
    day <= today && today.since(day) <= BACKDATE_DAYS
}

/// A checked session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionEntry {
    pub date: Day,
    pub exercises: Vec<String>,
    /// Repetitions logged per exercise, where given.
    pub reps: Vec<(String, u16)>,
    pub pain_before: u8,
    pub pain_during: u8,
    pub pain_after: u8,
    pub settled: Option<bool>,
}

impl SessionEntry {
    /// The same session, logged twice (e.g. once more with its next-morning answer).
    pub fn same_session(&self, other: &SessionEntry) -> bool {
        self.date == other.date
            && self.exercises == other.exercises
            && (self.pain_before, self.pain_during, self.pain_after)
                == (other.pain_before, other.pain_during, other.pain_after)
    }
}

/// A checked check-in.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkin {
    pub date: Day,
    pub pain: u8,
    pub stiffness: u8,
    pub new_red_flags: Vec<RedFlag>,
    pub psfs: Option<f64>,
    pub exposure: Option<(u32, bool, u8)>,
}

/// A checked log, sorted by date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Log {
    pub sessions: Vec<SessionEntry>,
    pub checkins: Vec<Checkin>,
    /// Disability questionnaires, oldest first.
    pub measures: Vec<crate::measures::Disability>,
}

impl Log {
    pub fn parse(entries: &[LogEntryInput]) -> Result<Log, InputErrors> {
        let mut p = Problems::default();
        let mut log = Log::default();
        // Exact duplicates can only share a date: order the entries by date (stably) and compare
        // each only with the earlier ones of its day, then work through the survivors in the
        // order they were given, so field paths name the entry as sent.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&a, &b| date_of(&entries[a]).cmp(date_of(&entries[b])));
        let mut keep = vec![false; entries.len()];
        for (pos, &idx) in order.iter().enumerate() {
            let day = date_of(&entries[idx]);
            keep[idx] = !order[..pos]
                .iter()
                .rev()
                .take_while(|&&k| date_of(&entries[k]) == day)
                .any(|&k| keep[k] && entries[k] == entries[idx]);
        }
        for (n, e) in entries.iter().enumerate() {
            if !keep[n] {
                continue;
            }
            match e {
                LogEntryInput::Session(s) => {
                    let at = |f: &str| format!("[{n}].{f}");
                    let date = day(&mut p, || at("date"), &s.date);
                    let mut exercises = Vec::new();
                    let mut reps = Vec::new();
                    for (k, it) in s.items.iter().enumerate() {
                        let ip = |f: &str| format!("[{n}].items[{k}].{f}");
                        if it.exercise.trim().is_empty() {
                            p.push(
                                ip("exercise"),
                                "expected an exercise id, found an empty string",
                            );
                        } else if it.exercise.chars().any(char::is_control) {
                            p.push(
                                ip("exercise"),
                                "expected an exercise id, found a control character",
                            );
                        }
                        for (f, v, hi) in [
                            ("sets", it.sets, 20),
                            ("reps", it.reps, 500),
                            ("hold_seconds", it.hold_seconds, 3600),
                            ("pain", it.pain, 10),
                        ] {
                            if let Some(v) = v {
                                p.int_in_at(|| ip(f), v, 0, hi);
                            }
                        }
                        if let Some(m) = it.minutes {
                            p.num_in(&ip("minutes"), m, 0.0, 1440.0);
                        }
                        if let Some(r) = it.reps.filter(|r| (0..=500).contains(r)) {
                            reps.push((it.exercise.trim().to_string(), r as u16));
                        }
                        exercises.push(it.exercise.trim().to_string());
                    }
                    log.sessions.push(SessionEntry {
                        date,
                        exercises,
                        reps,
                        pain_before: p.int_in_at(|| at("pain_before"), s.pain_before, 0, 10) as u8,
                        pain_during: p.int_in_at(|| at("pain_during"), s.pain_during, 0, 10) as u8,
                        pain_after: p.int_in_at(|| at("pain_after"), s.pain_after, 0, 10) as u8,
                        settled: s.settled_by_next_morning,
                    });
                }
                LogEntryInput::Checkin(c) => {
                    let at = |f: &str| format!("[{n}].{f}");
                    let date = day(&mut p, || at("date"), &c.date);
                    let psfs = (!c.goals.is_empty()).then(|| {
                        let sum: f64 = c
                            .goals
                            .iter()
                            .enumerate()
                            .map(|(k, g)| {
                                p.int_in_at(
                                    || format!("[{n}].goals[{k}].ability"),
                                    g.ability,
                                    0,
                                    10,
                                ) as f64
                            })
                            .sum();
                        sum / c.goals.len() as f64
                    });
                    let exposure = c.exposure.as_ref().map(|x| {
                        (
                            p.int_in_at(|| at("exposure.step"), x.step, 1, 1000) as u32,
                            x.done,
                            p.int_in_at(|| at("exposure.fear"), x.fear, 0, 100) as u8,
                        )
                    });
                    let checkin = Checkin {
                        date,
                        pain: p.int_in_at(|| at("pain"), c.pain, 0, 10) as u8,
                        stiffness: p.int_in_at(|| at("stiffness"), c.stiffness, 0, 10) as u8,
                        new_red_flags: c.new_red_flags.clone(),
                        psfs,
                        exposure,
                    };
                    log.checkins.push(checkin);
                }
                LogEntryInput::Measure(m) => {
                    let scores = crate::measures::DisabilityScores {
                        measure: m.measure,
                        items: m.items.clone(),
                        taken_on: m.date.clone(),
                    };
                    match crate::measures::Disability::parse(&scores) {
                        Ok(d) => log.measures.push(d),
                        Err(e) => {
                            for f in e.0 {
                                let field = match f.path.as_str() {
                                    "taken_on" => "date",
                                    other => other,
                                };
                                p.push(format!("[{n}].{field}"), f.message);
                            }
                        }
                    }
                }
            }
        }
        log.measures.sort_by_key(|m| m.taken_on);
        log.sessions.sort_by_key(|s| s.date);
        // A session sent again with the same date, exercises and pain figures is the same session
        // with its next-morning answer filled in: it corrects the first, it is not a second one.
        let mut sessions: Vec<SessionEntry> = Vec::with_capacity(log.sessions.len());
        for s in log.sessions.drain(..) {
            match sessions
                .iter_mut()
                .rev()
                .take_while(|x| x.date == s.date)
                .find(|x| x.same_session(&s))
            {
                Some(prev) => prev.settled = s.settled.or(prev.settled),
                None => sessions.push(s),
            }
        }
        log.sessions = sessions;
        // One check-in a day: a later entry for the same day corrects an earlier one, but never
        // drops a warning sign either of them reported. The sort is stable, so "later" is the
        // order the entries were given.
        log.checkins.sort_by_key(|c| c.date);
        let mut merged: Vec<Checkin> = Vec::with_capacity(log.checkins.len());
        for c in log.checkins.drain(..) {
            match merged.last_mut() {
                Some(prev) if prev.date == c.date => {
                    let mut flags = std::mem::take(&mut prev.new_red_flags);
                    flags.extend(c.new_red_flags.iter().copied());
                    flags.sort();
                    flags.dedup();
                    *prev = Checkin {
                        new_red_flags: flags,
                        ..c
                    };
                }
                _ => merged.push(c),
            }
        }
        log.checkins = merged;
        p.finish(log)
    }

    /// The latest date in the log.
    pub fn last_day(&self) -> Option<Day> {
        let s = self.sessions.last().map(|s| s.date);
        let c = self.checkins.last().map(|c| c.date);
        s.max(c)
    }

    /// The earliest date in the log.
    pub fn first_day(&self) -> Option<Day> {
        let s = self.sessions.first().map(|s| s.date);
        let c = self.checkins.first().map(|c| c.date);
        match (s, c) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

fn date_of(e: &LogEntryInput) -> &str {
    match e {
        LogEntryInput::Session(s) => &s.date,
        LogEntryInput::Checkin(c) => &c.date,
        LogEntryInput::Measure(m) => &m.date,
    }
}

fn day(p: &mut Problems, path: impl FnOnce() -> String, s: &str) -> Day {
    Day::parse(s).unwrap_or_else(|m| {
        p.push(path(), m);
        Day::parse("1970-01-01").expect("epoch")
    })
}

#[cfg(test)]
mod backdating {
    use super::*;

    #[test]
    fn a_week_back_and_never_ahead() {
        let today = Day::parse("2026-11-10").unwrap();
        assert!(may_backdate(today, today));
        assert!(may_backdate(today.plus(-BACKDATE_DAYS), today));
        assert!(!may_backdate(today.plus(-BACKDATE_DAYS - 1), today));
        assert!(!may_backdate(today.plus(1), today));
    }
}
