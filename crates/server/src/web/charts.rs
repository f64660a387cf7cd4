//! Charts as inline SVG, built by hand: no JavaScript, no styles in attributes (classes only, so
//! the content security policy holds), a title and description for screen readers, and a table
//! of the same figures on the page for anyone who prefers numbers.

use std::collections::BTreeMap;
use std::fmt::Write;

use gradus_core::day::Day;

use super::esc;
use super::labels::{WEEKDAYS, day_label, weekday};

const W: f64 = 360.0;
const H: f64 = 210.0;
const LEFT: f64 = 30.0;
const RIGHT: f64 = 350.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 170.0;

fn open(id: &str, title: &str, desc: &str, w: f64, h: f64) -> String {
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" focusable=\"false\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(desc)
    )
}

fn x_of(d: Day, from: Day, to: Day) -> f64 {
    let span = to.since(from).max(1) as f64;
    LEFT + (RIGHT - LEFT) * d.since(from) as f64 / span
}

fn y_of(v: f64, max: f64) -> f64 {
    BOTTOM - (BOTTOM - TOP) * (v / max).clamp(0.0, 1.0)
}

/// Value axis with grid lines at the given ticks, and date labels at both ends and the middle.
fn axes(out: &mut String, from: Day, to: Day, max: f64, ticks: &[f64]) {
    for t in ticks {
        let y = y_of(*t, max);
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"lbl\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{t}</text>",
            LEFT - 5.0,
            y + 4.0
        );
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{BOTTOM}\" y2=\"{BOTTOM}\"/>"
    );
    let mid = from.plus(to.since(from) / 2);
    let mut days = vec![(from, "start"), (to, "end")];
    if to.since(from) >= 6 {
        days.push((mid, "middle"));
    }
    for (d, anchor) in days {
        let x = x_of(d, from, to);
        let _ = write!(
            out,
            "<text class=\"lbl\" x=\"{x:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            BOTTOM + 16.0,
            esc(&day_label(d))
        );
    }
}

/// The mean of the values on days within the 7 days up to each day.
pub fn rolling_mean(points: &[(Day, f64)]) -> Vec<(Day, f64)> {
    points
        .iter()
        .map(|(d, _)| {
            let window: Vec<f64> = points
                .iter()
                .filter(|(e, _)| *e <= *d && d.since(*e) < 7)
                .map(|(_, v)| *v)
                .collect();
            (*d, window.iter().sum::<f64>() / window.len() as f64)
        })
        .collect()
}

/// Daily pain as points and the 7-day mean as a line.
pub fn pain_trend(points: &[(Day, f64)], from: Day, to: Day) -> String {
    let mean = rolling_mean(points);
    let desc = match (points.first(), points.last(), mean.last()) {
        (Some(f), Some(l), Some(m)) => format!(
            "{} days with a pain rating between {} and {}. Pain was {}/10 on {} and {}/10 on {}; the 7-day mean is now {:.1}/10.",
            points.len(),
            day_label(from),
            day_label(to),
            f.1,
            day_label(f.0),
            l.1,
            day_label(l.0),
            m.1
        ),
        _ => "No pain ratings yet.".into(),
    };
    let mut out = open(
        "pain",
        "Pain, 0 to 10, each day and the 7-day mean",
        &desc,
        W,
        H,
    );
    axes(&mut out, from, to, 10.0, &[0.0, 5.0, 10.0]);
    if mean.len() > 1 {
        let pts: Vec<String> = mean
            .iter()
            .map(|(d, v)| format!("{:.1},{:.1}", x_of(*d, from, to), y_of(*v, 10.0)))
            .collect();
        let _ = write!(
            out,
            "<polyline class=\"mean\" points=\"{}\"/>",
            pts.join(" ")
        );
    }
    for (d, v) in points {
        let _ = write!(
            out,
            "<circle class=\"pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"><title>{}: {}/10</title></circle>",
            x_of(*d, from, to),
            y_of(*v, 10.0),
            esc(&day_label(*d)),
            v
        );
    }
    // Legend.
    let _ = write!(
        out,
        "<g class=\"legend\"><circle class=\"pt\" cx=\"{LEFT}\" cy=\"202\" r=\"4\"/><text class=\"lbl\" x=\"{}\" y=\"206\">daily pain</text><line class=\"mean\" x1=\"150\" x2=\"172\" y1=\"202\" y2=\"202\"/><text class=\"lbl\" x=\"178\" y=\"206\">7-day mean</text></g>",
        LEFT + 8.0
    );
    out.push_str("</svg>");
    out
}

/// A calendar of the last `weeks` weeks (Monday first) shading the days with sessions.
pub fn adherence(counts: &BTreeMap<Day, u32>, today: Day, weeks: i64) -> String {
    let cell_w = 44.0;
    let cell_h = 34.0;
    let top = 22.0;
    let left = 4.0;
    let start = today.plus(-(weekday(today) as i64) - 7 * (weeks - 1));
    let total: u32 = counts
        .iter()
        .filter(|(d, _)| **d >= start && **d <= today)
        .map(|(_, n)| *n)
        .sum();
    let days_with = counts
        .iter()
        .filter(|(d, n)| **d >= start && **d <= today && **n > 0)
        .count();
    let w = left * 2.0 + cell_w * 7.0;
    let h = top + cell_h * weeks as f64 + 4.0;
    let mut out = open(
        "adh",
        &format!("Sessions per day over the last {weeks} weeks"),
        &format!(
            "{total} sessions on {days_with} days between {} and {}.",
            day_label(start),
            day_label(today)
        ),
        w,
        h,
    );
    for (i, name) in WEEKDAYS.iter().enumerate() {
        let _ = write!(
            out,
            "<text class=\"lbl\" x=\"{:.1}\" y=\"14\" text-anchor=\"middle\">{name}</text>",
            left + cell_w * i as f64 + cell_w / 2.0
        );
    }
    for k in 0..(weeks * 7) {
        let d = start.plus(k);
        let col = (k % 7) as f64;
        let row = (k / 7) as f64;
        let x = left + col * cell_w;
        let y = top + row * cell_h;
        let n = counts.get(&d).copied().unwrap_or(0);
        let class = if d > today {
            "day future"
        } else if n == 0 {
            "day none"
        } else if n == 1 {
            "day one"
        } else {
            "day many"
        };
        let day_num = d.to_string()[8..10].trim_start_matches('0').to_string();
        let what = match n {
            0 => "no session".to_string(),
            1 => "1 session".to_string(),
            n => format!("{n} sessions"),
        };
        let _ = write!(
            out,
            "<g class=\"{class}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"4\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}{}</text><title>{}: {what}</title></g>",
            x + 2.0,
            y + 2.0,
            cell_w - 4.0,
            cell_h - 4.0,
            x + cell_w / 2.0,
            y + cell_h / 2.0 + 4.0,
            day_num,
            if n > 0 { " ✓" } else { "" },
            esc(&day_label(d))
        );
    }
    out.push_str("</svg>");
    out
}

/// One exercise's level in each plan version, as a small step chart.
pub fn levels(id: &str, name: &str, points: &[(i64, u8)], top: u8, versions: i64) -> String {
    let w = 220.0;
    let h = 64.0;
    let (l, r, t, b) = (22.0, 210.0, 8.0, 48.0);
    let top = top.max(1) as f64;
    let span = (versions - 1).max(1) as f64;
    let x = |v: i64| {
        if versions <= 1 {
            (l + r) / 2.0
        } else {
            l + (r - l) * (v - 1) as f64 / span
        }
    };
    let y = |lv: u8| b - (b - t) * (lv as f64 - 1.0) / (top - 1.0).max(1.0);
    let desc = points
        .iter()
        .map(|(v, lv)| format!("version {v}: level {lv}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = open(
        &format!("lv-{}", esc(id)),
        &format!("{name}: level in each plan version (1 to {top})"),
        &desc,
        w,
        h,
    );
    let _ = write!(
        out,
        "<line class=\"grid\" x1=\"{l}\" x2=\"{r}\" y1=\"{t}\" y2=\"{t}\"/><line class=\"axis\" x1=\"{l}\" x2=\"{r}\" y1=\"{b}\" y2=\"{b}\"/><text class=\"lbl\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{top}</text><text class=\"lbl\" x=\"{}\" y=\"{}\" text-anchor=\"end\">1</text>",
        l - 4.0,
        t + 4.0,
        l - 4.0,
        b + 4.0
    );
    if points.len() > 1 {
        let pts: Vec<String> = points
            .iter()
            .map(|(v, lv)| format!("{:.1},{:.1}", x(*v), y(*lv)))
            .collect();
        let _ = write!(
            out,
            "<polyline class=\"mean\" points=\"{}\"/>",
            pts.join(" ")
        );
    }
    for (v, lv) in points {
        let _ = write!(
            out,
            "<circle class=\"pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"/><text class=\"lbl\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">v{v}</text>",
            x(*v),
            y(*lv),
            x(*v),
            h - 2.0
        );
    }
    out.push_str("</svg>");
    out
}

/// Goal ratings (0–10) over time, one line and marker shape per goal.
pub fn goals(series: &[(String, Vec<(Day, f64)>)], from: Day, to: Day) -> String {
    let desc = series
        .iter()
        .map(|(name, pts)| {
            format!(
                "{name}: {}",
                pts.iter()
                    .map(|(d, v)| format!("{v}/10 on {}", day_label(*d)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(". ");
    let mut out = open(
        "goals",
        "How well you can do your goal activities, 0 to 10",
        &desc,
        W,
        H - 20.0,
    );
    axes(&mut out, from, to, 10.0, &[0.0, 5.0, 10.0]);
    for (i, (name, pts)) in series.iter().enumerate() {
        let class = format!("g{}", i % 3);
        if pts.len() > 1 {
            let p: Vec<String> = pts
                .iter()
                .map(|(d, v)| format!("{:.1},{:.1}", x_of(*d, from, to), y_of(*v, 10.0)))
                .collect();
            let _ = write!(
                out,
                "<polyline class=\"gl {class}\" points=\"{}\"/>",
                p.join(" ")
            );
        }
        for (d, v) in pts {
            let (cx, cy) = (x_of(*d, from, to), y_of(*v, 10.0));
            let tip = format!("{}, {}: {v}/10", esc(name), esc(&day_label(*d)));
            match i % 3 {
                0 => {
                    let _ = write!(
                        out,
                        "<circle class=\"gm {class}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"4.5\"><title>{tip}</title></circle>"
                    );
                }
                1 => {
                    let _ = write!(
                        out,
                        "<rect class=\"gm {class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\"><title>{tip}</title></rect>",
                        cx - 4.0,
                        cy - 4.0
                    );
                }
                _ => {
                    let _ = write!(
                        out,
                        "<polygon class=\"gm {class}\" points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\"><title>{tip}</title></polygon>",
                        cx,
                        cy - 5.0,
                        cx + 5.0,
                        cy + 4.0,
                        cx - 5.0,
                        cy + 4.0
                    );
                }
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// A small legend swatch matching a goal series' marker.
pub fn swatch(i: usize) -> String {
    let class = format!("g{}", i % 3);
    let shape = match i % 3 {
        0 => format!("<circle class=\"gm {class}\" cx=\"9\" cy=\"7\" r=\"4.5\"/>"),
        1 => format!("<rect class=\"gm {class}\" x=\"5\" y=\"3\" width=\"8\" height=\"8\"/>"),
        _ => format!("<polygon class=\"gm {class}\" points=\"9,2 14,11 4,11\"/>"),
    };
    format!(
        "<svg class=\"swatch\" viewBox=\"0 0 18 14\" aria-hidden=\"true\" focusable=\"false\"><line class=\"gl {class}\" x1=\"0\" x2=\"18\" y1=\"7\" y2=\"7\"/>{shape}</svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn rolling_mean_uses_the_last_seven_days() {
        let pts = vec![
            (d("2026-11-01"), 6.0),
            (d("2026-11-02"), 4.0),
            (d("2026-11-09"), 2.0),
        ];
        let m = rolling_mean(&pts);
        assert_eq!(m[1].1, 5.0);
        assert_eq!(m[2].1, 2.0);
    }

    #[test]
    fn charts_are_svg_with_titles_and_escaped_text() {
        let s = goals(
            &[(
                "<b>garden</b>".into(),
                vec![(d("2026-11-01"), 3.0), (d("2026-11-05"), 5.0)],
            )],
            d("2026-11-01"),
            d("2026-11-05"),
        );
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(!s.contains("<b>"));
        assert!(!s.contains("style="));
        let p = pain_trend(&[(d("2026-11-01"), 5.0)], d("2026-11-01"), d("2026-11-08"));
        assert!(p.contains("<circle class=\"pt\""));
        let mut counts = BTreeMap::new();
        counts.insert(d("2026-11-03"), 2);
        let a = adherence(&counts, d("2026-11-08"), 4);
        assert!(a.contains("2 sessions"));
        let l = levels("pelvic_tilt", "Pelvic Tilt", &[(1, 1), (2, 2)], 4, 2);
        assert!(l.contains("version 2: level 2"));
    }
}
