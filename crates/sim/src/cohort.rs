//! The virtual cohort: who the people are and how their pain behaves week by week.
//!
//! A trajectory is the person's underlying course, independent of the plan: it is what a
//! physiotherapist would have to recognise from the log. Each member gets a condition (every
//! programme is covered in turn), a trajectory, and seeded variation in age, baseline pain, time
//! and days available, so the same seed always gives the same cohort and a failing case can be
//! pinned down by its seed and index.

use gradus_core::IntakeInput;
use gradus_core::vocab::{Condition, Region};
use serde::Serialize;

/// How a person's pain goes, whatever the plan does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trajectory {
    /// Pain falls about half a point a week.
    Recovering,
    /// Steady, with one flare of a few days in week 4.
    FlaresOnce,
    /// Pain rises 0.5–1 point a week.
    WorsensSlowly,
    /// Pain stays where it started.
    Unchanged,
    /// Recovers, but does only half the planned sessions.
    HalfAdherent,
    /// Sessions are rated 6/10 during but have always settled by the next morning.
    SoreButSettles,
    /// Pain does not move, but goal ratings, fear and exposure steps improve.
    FunctionNotPain,
    /// Starts at about 2/10 and stays low.
    LowPain,
}

impl Trajectory {
    pub const ALL: [Trajectory; 8] = [
        Trajectory::Recovering,
        Trajectory::FlaresOnce,
        Trajectory::WorsensSlowly,
        Trajectory::Unchanged,
        Trajectory::HalfAdherent,
        Trajectory::SoreButSettles,
        Trajectory::FunctionNotPain,
        Trajectory::LowPain,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Trajectory::Recovering => "recovering",
            Trajectory::FlaresOnce => "flares_once",
            Trajectory::WorsensSlowly => "worsens_slowly",
            Trajectory::Unchanged => "unchanged",
            Trajectory::HalfAdherent => "half_adherent",
            Trajectory::SoreButSettles => "sore_but_settles",
            Trajectory::FunctionNotPain => "function_not_pain",
            Trajectory::LowPain => "low_pain",
        }
    }
}

/// The conditions the programmes are written for, with the region each one hurts in.
pub const CONDITIONS: [(Condition, Region); 11] = [
    (Condition::NonspecificLowBackPain, Region::LowBack),
    (Condition::NonspecificNeckPain, Region::Neck),
    (Condition::LumbarDiscHerniation, Region::LowBack),
    (Condition::Spondylosis, Region::LowBack),
    (Condition::BackStiffness, Region::LowBack),
    (Condition::PlantarHeelPain, Region::Heel),
    (Condition::LateralElbowTendinopathy, Region::Elbow),
    (Condition::GlutealTendinopathy, Region::LateralHip),
    (
        Condition::ProximalHamstringTendinopathy,
        Region::ButtockHamstring,
    ),
    (Condition::ItbSyndrome, Region::LateralKnee),
    // Mid-back pain with no diagnosis given.
    (Condition::NonspecificLowBackPain, Region::MidBack),
];

/// One virtual person.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub index: usize,
    pub trajectory: Trajectory,
    pub condition: Condition,
    pub region: Region,
    /// Average pain at intake (0–10).
    pub baseline_pain: f64,
    /// Points a week pain rises (worsening) or falls (recovering).
    pub rate: f64,
    /// Share of the planned sessions done.
    pub adherence: f64,
    #[serde(skip)]
    pub intake: IntakeInput,
}

impl Member {
    /// The person's usual pain (0–10) in a week (0 = the first week after the intake), before
    /// the day-to-day noise. A course with a rate has moved by one week's rate in the first week.
    pub fn pain_in_week(&self, week: usize) -> f64 {
        let w = week as f64 + 1.0;
        let b = self.baseline_pain;
        let p = match self.trajectory {
            Trajectory::Recovering | Trajectory::HalfAdherent => b - self.rate * w,
            Trajectory::FlaresOnce if week == 4 => b + 3.0,
            Trajectory::FlaresOnce => b - 0.1 * w,
            Trajectory::WorsensSlowly => b + self.rate * w,
            Trajectory::Unchanged | Trajectory::FunctionNotPain => b,
            Trajectory::SoreButSettles => b - 0.1 * w,
            Trajectory::LowPain => b,
        };
        p.clamp(0.0, 10.0)
    }

    /// Goal ability (0–10, PSFS style) in a week.
    pub fn ability_in_week(&self, start: f64, week: usize) -> f64 {
        let gain = match self.trajectory {
            Trajectory::FunctionNotPain => 0.5,
            Trajectory::Recovering | Trajectory::HalfAdherent | Trajectory::LowPain => 0.3,
            Trajectory::WorsensSlowly => -0.2,
            _ => 0.0,
        };
        (start + gain * week as f64).clamp(0.0, 10.0)
    }

    /// How harmful the feared activity feels (0–100) in a week.
    pub fn fear_in_week(&self, start: f64, week: usize) -> f64 {
        let fall = match self.trajectory {
            Trajectory::FunctionNotPain => 6.0,
            Trajectory::Recovering | Trajectory::HalfAdherent | Trajectory::LowPain => 4.0,
            _ => 0.0,
        };
        (start - fall * week as f64).clamp(0.0, 100.0)
    }
}

/// `n` members from a seed: conditions in turn, trajectories in turn across them, so every
/// programme meets every trajectory once `n` reaches 88.
pub fn cohort(n: usize, seed: u64) -> Vec<Member> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n)
        .map(|index| {
            let (condition, region) = CONDITIONS[index % CONDITIONS.len()];
            let round = index / CONDITIONS.len();
            let trajectory =
                Trajectory::ALL[(round + index % CONDITIONS.len()) % Trajectory::ALL.len()];
            member(index, condition, region, trajectory, &mut rng)
        })
        .collect()
}

fn member(
    index: usize,
    condition: Condition,
    region: Region,
    trajectory: Trajectory,
    rng: &mut fastrand::Rng,
) -> Member {
    let baseline_pain = match trajectory {
        Trajectory::LowPain => 2.0,
        _ => f64::from(rng.u8(4..=6)),
    };
    let rate = match trajectory {
        Trajectory::WorsensSlowly => 0.5 + f64::from(rng.u8(0..=5)) / 10.0,
        Trajectory::Recovering | Trajectory::HalfAdherent => 0.4 + f64::from(rng.u8(0..=2)) / 10.0,
        _ => 0.0,
    };
    let adherence = if trajectory == Trajectory::HalfAdherent {
        0.5
    } else {
        1.0
    };
    let age = rng.u8(25..=75);
    let minutes = [10, 15, 20, 30][rng.usize(0..4)];
    let days = rng.u8(3..=5);
    let pain = baseline_pain as i64;
    let duration_weeks = [3, 8, 20][rng.usize(0..3)];
    let mut equipment = vec!["mat", "chair", "wall", "resistance_band", "towel", "step"];
    if rng.bool() {
        equipment.push("dumbbell");
    }
    let mut value = serde_json::json!({
        "age": age,
        "regions": [region.as_str()],
        "condition": condition.as_str(),
        "duration_weeks": duration_weeks,
        "pain": { "now": pain, "average": pain, "worst": (pain + 2).min(10) },
        "irritability": { "provoked_by": "moderate", "settle_minutes": 30 },
        "rest_or_night_pain": false,
        "red_flags": {},
        "fears": [ { "activity": "bending to lift a box", "rating": 60 } ],
        "goals": [ { "activity": "walking for an hour", "ability": 4 } ],
        "activity": { "sedentary_hours": 6, "enjoys": ["walking"], "walking_minutes": 15 },
        "availability": { "minutes_per_session": minutes, "sessions_per_week": days },
        "equipment": equipment
    });
    if condition == Condition::LumbarDiscHerniation {
        value["nerve"] = serde_json::json!({ "radiating": "below_knee", "numbness_or_tingling": true, "weakness": "none" });
    }
    let intake = gradus_content::json::document(&value.to_string())
        .unwrap_or_else(|e| panic!("the simulator's intake must fit the contract: {e}"));
    Member {
        index,
        trajectory,
        condition,
        region,
        baseline_pain,
        rate,
        adherence,
        intake,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_cohort() {
        let a = cohort(30, 7);
        let b = cohort(30, 7);
        let c = cohort(30, 8);
        let key = |m: &Member| (m.trajectory, m.baseline_pain, m.rate);
        assert_eq!(
            a.iter().map(key).collect::<Vec<_>>(),
            b.iter().map(key).collect::<Vec<_>>()
        );
        assert_ne!(
            a.iter().map(|m| m.intake.age).collect::<Vec<_>>(),
            c.iter().map(|m| m.intake.age).collect::<Vec<_>>()
        );
    }

    #[test]
    fn every_programme_meets_every_trajectory() {
        let all = cohort(88, 1);
        for (condition, region) in CONDITIONS {
            for t in Trajectory::ALL {
                assert!(
                    all.iter().any(|m| m.condition == condition
                        && m.region == region
                        && m.trajectory == t),
                    "{condition:?}/{region:?} never meets {t:?}"
                );
            }
        }
    }

    #[test]
    fn slow_worsening_is_half_to_one_point_a_week() {
        for m in cohort(88, 3)
            .iter()
            .filter(|m| m.trajectory == Trajectory::WorsensSlowly)
        {
            assert!((0.5..=1.0).contains(&m.rate), "{}", m.rate);
            assert!(m.pain_in_week(3) > m.pain_in_week(0));
        }
    }
}
