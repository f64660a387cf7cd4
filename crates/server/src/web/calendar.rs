//! The plan as an iCalendar file (RFC 5545) to import into a calendar app: one weekly event per
//! session, or, while the gate stops the plan, a single notice and no sessions.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gradus_core::day::Day;
use gradus_core::plan::Plan;
use gradus_store::Timestamp;

use super::gate::{Gate, gate};
use super::labels;
use super::plan::dose;
use super::{Member, PageError, PageResult};
use crate::state::AppState;
use gradus_app::clock::now;

/// Which weekdays a plan's session falls on, spread out with rest days between.
pub fn byday(days_per_week: u8) -> &'static [&'static str] {
    match days_per_week {
        0 | 1 => &["WE"],
        2 => &["TU", "FR"],
        3 => &["MO", "WE", "FR"],
        4 => &["MO", "TU", "TH", "SA"],
        5 => &["MO", "TU", "WE", "FR", "SA"],
        6 => &["MO", "TU", "WE", "TH", "FR", "SA"],
        _ => &["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
    }
}

/// RFC 5545 text escaping.
fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1) and ends it with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut len = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out.push_str("\r\n");
}

/// The UTC time stamp of a calendar (RFC 5545 DTSTAMP).
fn stamp(now: Timestamp) -> String {
    let day = Day::from_unix_days(now.millis().div_euclid(86_400_000));
    let secs = now.millis().rem_euclid(86_400_000) / 1000;
    format!(
        "{}T{:02}{:02}{:02}Z",
        day.to_string().replace('-', ""),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn begin(out: &mut String) {
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gradus//Exercise plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Gradus exercise plan",
    ] {
        fold(l, out);
    }
}

/// A calendar with no sessions and one all-day notice today: what a paused or waiting plan
/// looks like in a calendar app.
pub fn notice_calendar(
    uid_base: &str,
    today: Day,
    now: Timestamp,
    summary: &str,
    description: &str,
) -> String {
    let mut out = String::new();
    begin(&mut out);
    let date = today.to_string().replace('-', "");
    fold("BEGIN:VEVENT", &mut out);
    fold(&format!("UID:{uid_base}-notice-{date}@gradus"), &mut out);
    fold(&format!("DTSTAMP:{}", stamp(now)), &mut out);
    fold(&format!("DTSTART;VALUE=DATE:{date}"), &mut out);
    fold(
        &format!("SUMMARY:{}", ics_text(&format!("Gradus: {summary}"))),
        &mut out,
    );
    fold(&format!("DESCRIPTION:{}", ics_text(description)), &mut out);
    fold("END:VEVENT", &mut out);
    fold("END:VCALENDAR", &mut out);
    out
}

/// The plan as a weekly calendar: one repeating event per session.
pub fn calendar(plan: &Plan, uid_base: &str, today: Day, now: Timestamp) -> String {
    let stamp = stamp(now);
    let mut out = String::new();
    begin(&mut out);
    let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    for (i, s) in plan.sessions.iter().enumerate() {
        let days = byday(s.days_per_week);
        // The first day from today that is one of the session's weekdays.
        let start = (0..7)
            .map(|k| today.plus(k))
            .find(|d| days.contains(&codes[labels::weekday(*d)]))
            .unwrap_or(today);
        let description = s
            .items
            .iter()
            .map(|it| format!("- {}: {}", it.name, dose(it)))
            .collect::<Vec<_>>()
            .join("\n");
        fold("BEGIN:VEVENT", &mut out);
        fold(
            &format!("UID:{uid_base}-v{}-s{i}@gradus", plan.version),
            &mut out,
        );
        fold(&format!("DTSTAMP:{stamp}"), &mut out);
        fold(
            &format!("DTSTART:{}T180000", start.to_string().replace('-', "")),
            &mut out,
        );
        fold(&format!("DURATION:PT{}M", s.minutes.max(5)), &mut out);
        fold(
            &format!("RRULE:FREQ=WEEKLY;BYDAY={}", days.join(",")),
            &mut out,
        );
        fold(
            &format!("SUMMARY:{}", ics_text(&format!("Gradus: {}", s.name))),
            &mut out,
        );
        fold(
            &format!(
                "DESCRIPTION:{}",
                ics_text(&format!(
                    "{description}\nOpen Gradus to start the guided session."
                ))
            ),
            &mut out,
        );
        fold("BEGIN:VALARM", &mut out);
        fold("ACTION:DISPLAY", &mut out);
        fold(&format!("DESCRIPTION:{}", ics_text(&s.name)), &mut out);
        fold("TRIGGER:-PT10M", &mut out);
        fold("END:VALARM", &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

pub async fn ics(State(state): State<AppState>, Member(caller): Member) -> PageResult<Response> {
    // A paused or stopped plan is a calendar with no sessions and one notice, so a calendar
    // that was imported earlier and is imported again stops offering exercises.
    let today = state.app.today_for(&caller.account);
    let body = match gate(&state, &caller).await? {
        Gate::Ready(c) => calendar(&c.plan, caller.account.id.as_str(), today, now()),
        Gate::Stop(_) => notice_calendar(
            caller.account.id.as_str(),
            today,
            now(),
            "no exercise for now",
            "A warning sign needs a doctor first. Do not exercise; open Gradus and follow the advice it gives.",
        ),
        Gate::Waiting(_) => notice_calendar(
            caller.account.id.as_str(),
            today,
            now(),
            "plan waiting for your clinician",
            "Your plan starts once a clinician has approved it.",
        ),
        Gate::NoIntake => return Err(PageError::not_found()),
    };
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"gradus-plan.ics\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        fold(&line, &mut out);
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn days_spread_over_the_week() {
        for n in 1..=7u8 {
            assert_eq!(byday(n).len(), n as usize);
        }
    }
}
