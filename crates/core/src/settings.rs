//! Every threshold the rules use, in one place, each with the source it rests on.
//!
//! Sources disagree on several of these (the age cut-offs for "new pain later in life" are 50, 55
//! or 60; stage boundaries are 6/12 or 4/12 weeks), and some have no source at all (how irritability
//! maps to a starting dose). Those are settings rather than truths: a clinic can change them, and
//! the reasons a rule gives quote the value in force.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Acute below this many weeks. 6 (many guidelines); ACP 2017 uses 4.
    pub acute_below_weeks: f64,
    /// Chronic above this many weeks. 12 (many guidelines; ACP 2017 also 12).
    pub chronic_above_weeks: f64,
    /// Pain (0–10) at or above which irritability is high. 7 (Kelley JOSPT 2013, APTA style) [S].
    pub high_pain: u8,
    /// Pain at or below which irritability can be low. 3 (same source) [S].
    pub low_pain: u8,
    /// Settling takes this long or longer: "slow to settle". 30 minutes [U].
    pub slow_settle_minutes: f64,
    /// Spinal surgery this recent (weeks) means supervised exercise and surgical restrictions. 12 [U].
    pub recent_surgery_weeks: f64,
    /// After spinal surgery, getting into a pool (swimming, pool walking) waits this many weeks,
    /// until the wound has healed. 6 [U] (patient leaflets after discectomy and fusion; clinical
    /// rules §A, §G: restrictions relax on schedule, commonly from 6–12 weeks). The bending,
    /// lifting, twisting and side-bending restrictions last `recent_surgery_weeks`.
    #[serde(default = "surgery_water_after_weeks")]
    pub surgery_water_after_weeks: f64,
    /// New spinal pain from this age on is worth a doctor's look. 60 (UK Community Red Flags 2023);
    /// other sources use 50 or 55.
    pub new_pain_review_age: u8,
    /// A minor fall or knock from this age on is treated like one with fragile bone. 70 [S]
    /// (NICE CKS fracture cluster: older age, osteoporosis, steroids).
    pub minor_trauma_age: u8,
    /// A minor fall or knock counts for the fracture cluster only this many weeks after it (the
    /// episode's duration, which starts with the fall). 12 [U]: clinical rules §A (fracture cluster:
    /// minor trauma with osteoporosis or steroids, NICE CKS [S]) names no time limit; an old fall
    /// with settled pain is not a new warning sign ("weigh what is new or changing").
    pub minor_trauma_recent_weeks: f64,
    /// ... and with pain (highest of now, average and worst, 0–10) at or above this. 5 [U]: the
    /// sources say "significant" or "severe" pain without a figure (UK Community Red Flags 2023:
    /// osteoporosis with new severe pain [S]); 5 is kept below `osteoporosis_severe_pain` on
    /// purpose, so a fragile-bone fall is checked at moderate pain already.
    pub minor_trauma_pain: u8,
    /// Symptoms in both legs this long, with no other cauda equina or cord sign and no weakness
    /// getting worse, are long-standing and stable: a doctor's review, not an emergency. 26 weeks
    /// ("many months") [U]: clinical rules §A ("a long-standing, stable picture is not a new red
    /// flag"); BASS 2018 [S] and Finucane 2020 [V] frame cauda equina signs as new or changing.
    pub stable_bilateral_leg_weeks: f64,
    /// A past cancer with pain this long and none of the cancer-cluster signs (night pain, weight
    /// loss, feeling unwell, fever, weakness getting worse) is not "past cancer with new spinal
    /// pain" (UK Community Red Flags 2023 [S]): a doctor's review, not urgent. 104 weeks
    /// ("years") [U].
    pub remote_cancer_stable_weeks: f64,
    /// Worst pain (0–10) at or above this, with slow settling (`slow_settle_minutes`), makes
    /// irritability high; at or above it irritability is never low. 8 [U]: clinical rules §B
    /// (high = pain ≥ 7/10, or provoked easily and slow to settle; Kelley JOSPT 2013 [S]) does
    /// not say which pain figure; the worst moment alone says less about a week than now and the
    /// average, hence one point higher and only together with slow settling.
    pub high_worst_pain: u8,
    /// Osteoporosis with new pain at or above this level: suspect a fracture. 7 [S].
    pub osteoporosis_severe_pain: u8,
    /// ASAS inflammatory back pain: this many of the five features. 4 (Sieper 2009).
    pub inflammatory_min_features: u8,
    /// ... in back pain lasting longer than this many weeks. 12 (Sieper 2009: 3 months).
    pub inflammatory_min_weeks: f64,
    /// Radicular pain still present at this many weeks: ask for an opinion. 6 [S/U].
    pub radicular_refer_weeks: f64,
    /// Fear ratings (0–100) at or above this get an exposure ladder. 50 ("about 50") [S].
    pub fear_ladder_threshold: u8,
    /// Walking starts at this share of what the person can walk now. 0.7 (Lindström 1992).
    pub walking_start_fraction: f64,
    /// Sitting this many hours a day or more: movement snacks. 6 [U].
    pub sedentary_hours: f64,
    /// Minutes of warm-up before static stretches or strength work. 5 (stretching article: 5–10).
    pub warm_up_minutes: u16,
    /// Minutes of warm-up before strength work in a session with no static stretch. 3 [U]: a few
    /// minutes of easy movement, then easy first repetitions (ACSM, Garber 2011); the 5–10 minute
    /// rule of the stretching article is about stretching, and a 5-minute warm-up would take half
    /// of a 10-minute session.
    pub strength_warm_up_minutes: u16,
    /// From this age the plan avoids getting down to the floor and adds balance work. 65
    /// (Sherrington et al., BJSM 2020: exercise for falls prevention in people 65 and over) [S].
    pub older_adult_age: u8,
    /// Assumed time when the person did not say: minutes per session. 15 [U], stated in the plan.
    pub default_minutes_per_session: u16,
    /// Assumed sessions a week when the person did not say. 3 [U], stated in the plan.
    pub default_sessions_per_week: u8,
    /// Stretching at least this many days a week (ACSM 2011: 2–3; stretching article: 3).
    pub stretch_min_days: u8,
    /// Days between reviews, by phase.
    pub review_after_days_flare: u16,
    pub review_after_days_rebuild: u16,
    pub review_after_days_maintain: u16,
    /// Review: pain during a session above this is too much (Silbernagel 2007: 5).
    pub acceptable_pain_during: u8,
    /// Review: check-in pain this far above baseline on consecutive days is a flare. 2 [U].
    pub flare_rise: f64,
    /// Review: consecutive days of raised pain that make a flare. 2 [U].
    pub flare_days: usize,
    /// Review: share of planned sessions done before progress is judged. 0.7 [U].
    pub min_adherence: f64,
    /// Review: days looked back over. 7.
    pub window_days: i64,
    /// Meaningful change in pain: points (Ostelo 2008: 2).
    pub meaningful_pain_points: f64,
    /// Meaningful change in pain: share of baseline (Ostelo 2008: 30%).
    pub meaningful_pain_fraction: f64,
    /// Weeks without meaningful change before escalation. 6 [U]; the seeds say "a few weeks".
    pub escalate_after_weeks: f64,
    /// Worsening: a rise of daily pain over three weeks (least-squares slope) of at least this
    /// many points a week, 0.3 [U]: slow worsening of 0.5–1 point a week must reach the care
    /// team by week 3, not week 5 (clinical rules §G; Ostelo 2008 for what counts as change).
    pub worsening_per_week: f64,
    /// Worsening: with that slope, pain at least this many points above where the plan started.
    /// 1.0 [U] (§G: "a steady rise ... over three weeks").
    pub worsening_rise_points: f64,
    /// After an escalation, the same concern is not raised again for this many days: the care
    /// team has it, and the plan changes approach meanwhile. 28 [U] (§G: escalate once).
    pub escalation_quiet_days: i64,
    /// Walking quota rise per progression (graded activity): minutes. 5 [U] (Lindström 1992 preset quotas).
    pub walking_step_minutes: u16,
    /// Walking grows by this share a week when tolerated (WalkBack, Pocovi 2024: 10–20%). 0.15.
    pub walking_weekly_growth: f64,
    /// Walking goal (WalkBack, Pocovi 2024: 30 minutes).
    pub walking_goal_minutes: u16,
    /// Phase moves up when the 7-day mean pain is at or below this. flare→rebuild 4, rebuild→maintain 2 [U].
    pub rebuild_when_pain_at_most: f64,
    pub maintain_when_pain_at_most: f64,
    /// Fear must fall by this many points before the next ladder step. 20 (Leeuw 2007).
    pub fear_meaningful_drop: u8,
}

fn surgery_water_after_weeks() -> f64 {
    6.0
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            acute_below_weeks: 6.0,
            chronic_above_weeks: 12.0,
            high_pain: 7,
            low_pain: 3,
            slow_settle_minutes: 30.0,
            recent_surgery_weeks: 12.0,
            surgery_water_after_weeks: surgery_water_after_weeks(),
            new_pain_review_age: 60,
            minor_trauma_age: 70,
            minor_trauma_recent_weeks: 12.0,
            minor_trauma_pain: 5,
            stable_bilateral_leg_weeks: 26.0,
            remote_cancer_stable_weeks: 104.0,
            high_worst_pain: 8,
            osteoporosis_severe_pain: 7,
            inflammatory_min_features: 4,
            inflammatory_min_weeks: 12.0,
            radicular_refer_weeks: 6.0,
            fear_ladder_threshold: 50,
            walking_start_fraction: 0.7,
            sedentary_hours: 6.0,
            warm_up_minutes: 5,
            strength_warm_up_minutes: 3,
            older_adult_age: 65,
            default_minutes_per_session: 15,
            default_sessions_per_week: 3,
            stretch_min_days: 3,
            review_after_days_flare: 7,
            review_after_days_rebuild: 7,
            review_after_days_maintain: 14,
            acceptable_pain_during: 5,
            flare_rise: 2.0,
            flare_days: 2,
            min_adherence: 0.7,
            window_days: 7,
            meaningful_pain_points: 2.0,
            meaningful_pain_fraction: 0.3,
            escalate_after_weeks: 6.0,
            worsening_per_week: 0.3,
            worsening_rise_points: 1.0,
            escalation_quiet_days: 28,
            walking_step_minutes: 5,
            walking_goal_minutes: 30,
            walking_weekly_growth: 0.15,
            rebuild_when_pain_at_most: 4.0,
            maintain_when_pain_at_most: 2.0,
            fear_meaningful_drop: 20,
        }
    }
}
