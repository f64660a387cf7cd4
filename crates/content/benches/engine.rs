//! Engine benchmarks: `assess` over 1,000 varied intakes (target: median ≤ 20 µs each) and
//! `review` of a 12-week log (target: median ≤ 50 µs), with the library loaded once.
//! Run: `cargo bench -p gradus-content --bench engine`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gradus_core::log::LogEntryInput;
use gradus_core::{IntakeInput, Settings};
use serde_json::json;

const REGIONS: [&str; 8] = [
    "low_back",
    "mid_back",
    "neck",
    "heel",
    "elbow",
    "lateral_hip",
    "buttock_hamstring",
    "lateral_knee",
];
const CONDITIONS: [Option<&str>; 6] = [
    None,
    Some("lumbar_disc_herniation"),
    Some("spondylosis"),
    Some("back_stiffness"),
    Some("nonspecific_neck_pain"),
    None,
];
const EQUIPMENT: [&str; 10] = [
    "mat",
    "chair",
    "wall",
    "step",
    "towel",
    "pool",
    "bike",
    "resistance_band",
    "dumbbell",
    "backpack",
];

/// 1,000 intakes that differ in every field the rules read, made deterministically.
fn intakes() -> Vec<IntakeInput> {
    (0u64..1000)
        .map(|n| {
            let pick = |k: u64, m: u64| (n.wrapping_mul(2654435761).wrapping_add(k * 40503) >> 7) % m;
            let region = REGIONS[pick(1, 8) as usize];
            let condition = if region == "low_back" || region == "neck" { CONDITIONS[pick(2, 6) as usize] } else { None };
            let pain = pick(3, 11);
            let equipment: Vec<_> = EQUIPMENT.iter().enumerate().filter(|(k, _)| pick(10 + *k as u64, 3) == 0).map(|(_, e)| *e).collect();
            let provoked = ["minimal", "moderate", "substantial"][pick(6, 3) as usize];
            let radiating = ["none", "above_knee", "below_knee", "arm"][pick(8, 4) as usize];
            let centralises = [None, Some("extension"), Some("flexion")][pick(9, 3) as usize];
            let enjoys = ["walking", "swimming", "cycling"][pick(30, 3) as usize];
            let mut v = json!({
                "age": 18 + pick(4, 80),
                "regions": [region],
                "duration_weeks": pick(5, 40),
                "pain": { "now": pain, "average": pain.saturating_sub(1), "worst": (pain + 2).min(10) },
                "irritability": { "provoked_by": provoked, "settle_minutes": pick(7, 120) },
                "nerve": { "radiating": radiating, "centralises_with": centralises },
                "history": { "osteoporosis": pick(21, 7) == 0, "surgery": if pick(22, 9) == 0 { "spinal_fusion" } else { "none" }, "weeks_since_surgery": pick(23, 30) },
                "red_flags": { "history_of_cancer": pick(24, 40) == 0, "saddle_numbness": pick(25, 60) == 0 },
                "fears": [ { "activity": "lifting a box", "rating": pick(26, 101) }, { "activity": "long drives", "rating": pick(27, 101) } ],
                "goals": [ { "activity": "gardening", "ability": pick(28, 11) } ],
                "activity": { "sedentary_hours": pick(29, 13), "enjoys": [enjoys], "walking_minutes": pick(31, 60) },
                "availability": { "minutes_per_session": 5 + pick(32, 40), "sessions_per_week": 1 + pick(33, 7) },
                "equipment": equipment,
            });
            if let Some(c) = condition {
                v["condition"] = json!(c);
            }
            serde_json::from_value(v).expect("valid intake")
        })
        .collect()
}

/// A 12-week daily log: sessions six days a week, a check-in every day, pain easing slowly.
fn twelve_weeks() -> Vec<LogEntryInput> {
    let mut out = Vec::new();
    for day in 0..84u32 {
        let date = format!("2026-{:02}-{:02}", 1 + day / 28, 1 + day % 28);
        let pain = 6 - (day / 20) as i64;
        if day % 7 != 6 {
            out.push(json!({ "date": date, "type": "session", "items": [ { "exercise": "pelvic_tilt", "sets": 1, "reps": 8 } ],
                "pain_before": pain, "pain_during": pain.min(5), "pain_after": pain, "settled_by_next_morning": true }));
        }
        out.push(json!({ "date": date, "type": "checkin", "pain": pain, "stiffness": 3, "new_red_flags": [] }));
    }
    out.into_iter()
        .map(|v| serde_json::from_value(v).unwrap())
        .collect()
}

fn bench(c: &mut Criterion) {
    let lib = gradus_content::load().expect("library");
    let s = Settings::default();
    let all = intakes();

    let mut g = c.benchmark_group("assess");
    g.throughput(Throughput::Elements(all.len() as u64));
    g.bench_function("1000_varied_intakes", |b| {
        b.iter(|| {
            for i in &all {
                black_box(gradus_core::assess(black_box(i), &lib, &s).unwrap());
            }
        })
    });
    g.finish();

    let intake: IntakeInput =
        serde_json::from_str(include_str!("../../../examples/intake-disc-flare.json")).unwrap();
    let plan = gradus_core::assess(&intake, &lib, &s)
        .unwrap()
        .plan
        .unwrap();
    let log = twelve_weeks();
    c.bench_function("review/12_week_log", |b| {
        b.iter(|| {
            black_box(
                gradus_core::review::review(
                    black_box(&plan),
                    black_box(&log),
                    Some("2026-03-28"),
                    &lib,
                    &s,
                )
                .unwrap(),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
