//! Oswestry Disability Index 2.1a (ODI) and Neck Disability Index (NDI, Vernon & Mior 1991):
//! scores a clinic enters.
//!
//! Why: the review's question is not only "does it hurt less?" but "can this person do more?".
//! These two questionnaires are the standard answer for the back and the neck, and a care team
//! reading a review wants them in the units it knows. What the review needs from them is a
//! judgement of change that does not chase noise: [`meaningful_change`] calls two scores
//! different only when they differ by at least the smallest change patients notice (the
//! minimal clinically important difference), and the band ([`Disability::band`]) puts a score in
//! plain words for the person.
//!
//! Gradus never ships the questionnaires' wording (their licences do not allow it; clinical
//! rules §F). A clinic that holds a licence asks the questions and enters the ten section
//! scores; this module only checks and scores them.
//!
//! Scoring, for both: ten sections, each scored 0–5.
//! - percent = sum / (5 × sections answered) × 100 (Fairbank & Pynsent, Spine 2000;25:2940-2953:
//!   with one section missing the sum is divided by 45). The NDI is also reported as its raw
//!   total out of 50 (Vernon & Mior 1991), which is [`Disability::sum`] when all ten are
//!   answered; with a section missing only the percent is comparable, so comparisons and bands
//!   use the percent.
//! - At least [`MIN_ANSWERED`] of the ten sections must be answered, else the score is refused:
//!   with more missing, the percent rests on too little. [U]: our programme's rule. Fairbank &
//!   Pynsent give the arithmetic for one missing section; a published limit on how many may be
//!   missing was not checked.
//!
//! Arithmetic is exact: with `s` the sum and `a` the sections answered, percent = 20·s/a, so the
//! band and change rules compare whole numbers (`20·s` against `bound·a`), never rounded floats.

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::error::{InputErrors, Problems};

/// Sections in each questionnaire.
pub const ITEMS: usize = 10;

/// A section's score range, inclusive.
pub const ITEM_SCORE: (i64, i64) = (0, 5);

/// Fewest sections answered for a score to be given (see the module docs) [U].
pub const MIN_ANSWERED: usize = 8;

/// ODI: minimal clinically important difference, in percentage points of the 0–100 score.
/// 10 points (Ostelo RW et al., Spine 2008;33(1):90-94, international consensus) [S]. The same
/// consensus also accepts a 30% improvement from baseline; this rule uses the absolute figure
/// only, which is stricter for people who start with little disability. Certainty: moderate
/// (a consensus figure; single studies differ with population and method, not checked here).
pub const ODI_MCID_PERCENT: u8 = 10;

/// NDI: minimal clinically important difference, in percentage points (15, i.e. 7.5 of the raw
/// 0–50 total). Young BA et al., Spine J 2009;9(10):802-808 [S, abstract]: MCID 7.5 points in
/// mechanical neck pain, read here as points of the raw 50 (the abstract does not restate the
/// scale). The same authors found the smallest detectable change (10.2 points) larger than the
/// MCID and advised using 10 points as the threshold instead; other cohorts (cervical
/// radiculopathy, surgery) report different figures. Certainty: low; a clinic may prefer 10
/// of 50 (20 percentage points).
pub const NDI_MCID_PERCENT: u8 = 15;

/// Which questionnaire the scores come from. Written `odi`, `ndi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisabilityMeasure {
    /// Oswestry Disability Index 2.1a, for low back pain.
    Odi,
    /// Neck Disability Index, for neck pain.
    Ndi,
}

impl DisabilityMeasure {
    pub const ALL: &'static [DisabilityMeasure] = &[DisabilityMeasure::Odi, DisabilityMeasure::Ndi];

    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DisabilityMeasure::Odi => "odi",
            DisabilityMeasure::Ndi => "ndi",
        }
    }

    /// The questionnaire's name, as a person reads it.
    pub fn name(self) -> &'static str {
        match self {
            DisabilityMeasure::Odi => "Oswestry Disability Index",
            DisabilityMeasure::Ndi => "Neck Disability Index",
        }
    }

    /// The smallest change in percent that counts as real ([`ODI_MCID_PERCENT`],
    /// [`NDI_MCID_PERCENT`]).
    pub fn mcid_percent(self) -> u8 {
        match self {
            DisabilityMeasure::Odi => ODI_MCID_PERCENT,
            DisabilityMeasure::Ndi => NDI_MCID_PERCENT,
        }
    }

    /// Each band's lowest percent, mildest first (see [`DisabilityBand`]).
    fn bands(self) -> &'static [(u8, DisabilityBand)] {
        use DisabilityBand as B;
        match self {
            DisabilityMeasure::Odi => &[
                (0, B::Minimal),
                (21, B::Moderate),
                (41, B::Severe),
                (61, B::VerySevere),
                (81, B::Extreme),
            ],
            DisabilityMeasure::Ndi => &[
                (0, B::None),
                (10, B::Mild),
                (30, B::Moderate),
                (50, B::Severe),
                (70, B::Complete),
            ],
        }
    }
}

/// Section scores as a clinic enters them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct DisabilityScores {
    pub measure: DisabilityMeasure,
    /// The ten section scores in the questionnaire's order, each 0..=5; `null` for a section
    /// the person did not answer (at least 8 must be answered).
    #[cfg_attr(feature = "schema", schemars(length(min = 10, max = 10)))]
    pub items: Vec<Option<i64>>,
    /// The day the questionnaire was filled in, YYYY-MM-DD.
    #[cfg_attr(feature = "schema", schemars(pattern(r"^\d{4}-\d{2}-\d{2}$")))]
    pub taken_on: String,
}

/// A checked and scored questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Disability {
    pub measure: DisabilityMeasure,
    pub taken_on: Day,
    /// Sum of the answered sections (for the NDI with all ten answered: the total out of 50).
    pub sum: u8,
    /// Sections answered, 8..=10.
    pub answered: u8,
    /// sum / (5 × answered) × 100, 0..=100: the figure bands and comparisons use.
    pub percent: f64,
}

impl Disability {
    /// Checks every section and the date, reporting all problems at once, and scores them.
    pub fn parse(input: &DisabilityScores) -> Result<Disability, InputErrors> {
        let mut p = Problems::default();
        let taken_on = Day::parse(&input.taken_on).unwrap_or_else(|m| {
            p.push("taken_on", m);
            Day::from_unix_days(0)
        });
        if input.items.len() != ITEMS {
            p.push(
                "items",
                format!(
                    "expected {ITEMS} section scores (null for one not answered), found {}",
                    input.items.len()
                ),
            );
        }
        // Counted wide: a list of the wrong length is refused, but must not overflow first.
        let mut sum = 0usize;
        let mut answered = 0usize;
        for (i, item) in input.items.iter().enumerate() {
            if let Some(v) = item {
                sum +=
                    usize::from(p.int_in(&format!("items[{i}]"), *v, ITEM_SCORE.0, ITEM_SCORE.1));
                answered += 1;
            }
        }
        if input.items.len() == ITEMS && answered < MIN_ANSWERED {
            p.push(
                "items",
                format!(
                    "expected at least {MIN_ANSWERED} of {ITEMS} sections answered, found {answered}"
                ),
            );
        }
        let (sum, answered) = (sum.min(50) as u8, answered.min(ITEMS) as u8);
        let percent = if answered == 0 {
            0.0
        } else {
            20.0 * f64::from(sum) / f64::from(answered)
        };
        p.finish(Disability {
            measure: input.measure,
            taken_on,
            sum,
            answered,
            percent,
        })
    }

    /// The published band for this score, in plain words through [`DisabilityBand::words`].
    ///
    /// The published bands are written in whole percents with gaps between them (ODI 0–20,
    /// 21–40, …; NDI 0–8, 10–28, …), and a score with a section missing can fall in a gap
    /// (ODI 20.5%, NDI 9% = 4.5 of 50). Rule: a score belongs to the highest band whose lowest
    /// published value it has reached, so 20.5% is still minimal on the ODI and 9% still none on
    /// the NDI; every score with all ten sections answered lands inside a published band.
    pub fn band(&self) -> DisabilityBand {
        let reached = |lowest: u8| 20 * i64::from(self.sum) >= i64::from(lowest) * self.a();
        self.measure
            .bands()
            .iter()
            .rev()
            .find(|(lowest, _)| reached(*lowest))
            .map_or(self.measure.bands()[0].1, |(_, band)| *band)
    }

    /// Sections answered, at least 1 so the exact arithmetic never divides by nothing.
    fn a(&self) -> i64 {
        i64::from(self.answered.max(1))
    }
}

/// How much a score says function is limited, from the published bands: ODI (Fairbank &
/// Pynsent 2000) uses Minimal, Moderate, Severe, VerySevere ("crippled" in the source) and
/// Extreme ("bed-bound or exaggerating"); NDI (Vernon, JMPT 2008;31:491-502) uses None, Mild,
/// Moderate, Severe and Complete. Written in snake_case (`very_severe`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisabilityBand {
    /// NDI 0–8%.
    None,
    /// ODI 0–20%.
    Minimal,
    /// NDI 10–28%.
    Mild,
    /// ODI 21–40%, NDI 30–48%.
    Moderate,
    /// ODI 41–60%, NDI 50–68%.
    Severe,
    /// ODI 61–80%.
    VerySevere,
    /// ODI 81–100%.
    Extreme,
    /// NDI 70% and above.
    Complete,
}

impl DisabilityBand {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DisabilityBand::None => "none",
            DisabilityBand::Minimal => "minimal",
            DisabilityBand::Mild => "mild",
            DisabilityBand::Moderate => "moderate",
            DisabilityBand::Severe => "severe",
            DisabilityBand::VerySevere => "very_severe",
            DisabilityBand::Extreme => "extreme",
            DisabilityBand::Complete => "complete",
        }
    }

    /// The band in plain words, for the person and the review. The ODI's top two published
    /// labels ("crippled", "bed-bound or exaggerating") judge the person rather than describe
    /// the score, so they read "very severe" and "extreme" here.
    pub fn words(self) -> &'static str {
        match self {
            DisabilityBand::None => "no disability",
            DisabilityBand::Minimal => "minimal disability",
            DisabilityBand::Mild => "mild disability",
            DisabilityBand::Moderate => "moderate disability",
            DisabilityBand::Severe => "severe disability",
            DisabilityBand::VerySevere => "very severe disability",
            DisabilityBand::Extreme => "extreme disability",
            DisabilityBand::Complete => "complete disability",
        }
    }
}

/// Which way function moved between two scores, if it moved by an amount that matters.
/// Written `better`, `same`, `worse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Disability fell by at least the measure's MCID.
    Better,
    /// Less than the MCID either way: no change a person would notice.
    Same,
    /// Disability rose by at least the MCID.
    Worse,
}

/// Compares two scores of the same questionnaire on the percent scale (so a score with a
/// section missing compares fairly): a fall of at least the MCID is better, a rise of at least
/// the MCID worse, anything smaller the same. `None` when the two are different questionnaires,
/// which cannot be compared. The order of `taken_on` is the caller's: `before` is the earlier.
pub fn meaningful_change(before: &Disability, after: &Disability) -> Option<Change> {
    if before.measure != after.measure {
        return None;
    }
    // (percent_after - percent_before) · a_b · a_a, in whole numbers.
    let rise = 20 * (i64::from(after.sum) * before.a() - i64::from(before.sum) * after.a());
    let mcid = i64::from(before.measure.mcid_percent()) * before.a() * after.a();
    Some(if rise <= -mcid {
        Change::Better
    } else if rise >= mcid {
        Change::Worse
    } else {
        Change::Same
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(measure: DisabilityMeasure, items: &[Option<i64>]) -> DisabilityScores {
        DisabilityScores {
            measure,
            items: items.to_vec(),
            taken_on: "2026-03-02".into(),
        }
    }

    fn odi(items: &[Option<i64>]) -> Disability {
        Disability::parse(&input(DisabilityMeasure::Odi, items)).expect("valid ODI")
    }

    fn ndi(items: &[Option<i64>]) -> Disability {
        Disability::parse(&input(DisabilityMeasure::Ndi, items)).expect("valid NDI")
    }

    /// Ten answered sections summing to `sum` (filled 5s first, then the rest).
    fn all(sum: i64) -> Vec<Option<i64>> {
        (0..10).map(|i| Some((sum - 5 * i).clamp(0, 5))).collect()
    }

    fn errors(scores: &DisabilityScores) -> Vec<(String, String)> {
        Disability::parse(scores)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| (e.path, e.message))
            .collect()
    }

    #[test]
    fn all_answered_percent_is_twice_the_sum() {
        let d = odi(&all(17));
        assert_eq!((d.sum, d.answered, d.percent), (17, 10, 34.0));
        assert_eq!(d.taken_on, Day::parse("2026-03-02").unwrap());
        let d = ndi(&all(50));
        assert_eq!((d.sum, d.answered, d.percent), (50, 10, 100.0));
        let d = ndi(&all(0));
        assert_eq!((d.sum, d.answered, d.percent), (0, 10, 0.0));
    }

    #[test]
    fn one_section_missing_divides_by_45() {
        // Fairbank & Pynsent 2000: sum 18 over nine answered sections is 18/45 = 40%.
        let mut items = vec![Some(2); 10];
        items[7] = None;
        let d = odi(&items);
        assert_eq!((d.sum, d.answered), (18, 9));
        assert!((d.percent - 40.0).abs() < 1e-9, "{}", d.percent);
        // 10/45 = 22.2%.
        let items = [
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(2),
            None,
        ];
        let d = odi(&items);
        assert!(
            (d.percent - 100.0 * 10.0 / 45.0).abs() < 1e-9,
            "{}",
            d.percent
        );
    }

    #[test]
    fn two_sections_missing_divides_by_40() {
        let mut items = vec![Some(3); 10];
        items[0] = None;
        items[9] = None;
        let d = ndi(&items);
        assert_eq!((d.sum, d.answered, d.percent), (24, 8, 60.0));
    }

    #[test]
    fn refuses_a_section_scored_six_or_below_zero() {
        let mut items = all(20);
        items[3] = Some(6);
        items[5] = Some(-1);
        assert_eq!(
            errors(&input(DisabilityMeasure::Odi, &items)),
            [
                (
                    "items[3]".to_string(),
                    "expected 0..=5, found 6".to_string()
                ),
                (
                    "items[5]".to_string(),
                    "expected 0..=5, found -1".to_string()
                ),
            ]
        );
    }

    #[test]
    fn refuses_fewer_than_eight_answered() {
        let mut items = vec![Some(1); 10];
        items[0] = None;
        items[1] = None;
        items[2] = None;
        assert_eq!(
            errors(&input(DisabilityMeasure::Ndi, &items)),
            [(
                "items".to_string(),
                "expected at least 8 of 10 sections answered, found 7".to_string()
            )]
        );
        assert_eq!(errors(&input(DisabilityMeasure::Odi, &[None; 10])).len(), 1);
        // Eight is enough.
        items[2] = Some(1);
        assert_eq!(ndi(&items).answered, 8);
    }

    #[test]
    fn refuses_the_wrong_number_of_sections_and_a_bad_date_together() {
        let mut scores = input(DisabilityMeasure::Odi, &[Some(1); 9]);
        scores.taken_on = "2026-02-30".into();
        let e = errors(&scores);
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].0, "taken_on");
        assert!(e[0].1.contains("YYYY-MM-DD"), "{}", e[0].1);
        assert_eq!(
            e[1],
            (
                "items".to_string(),
                "expected 10 section scores (null for one not answered), found 9".to_string()
            )
        );
        assert_eq!(
            errors(&input(DisabilityMeasure::Odi, &[Some(1); 11]))[0].0,
            "items"
        );
    }

    #[test]
    fn odi_bands_at_their_published_edges() {
        use DisabilityBand as B;
        // (sum of ten sections, percent, band): Fairbank & Pynsent 2000.
        for (sum, band) in [
            (0, B::Minimal),
            (10, B::Minimal),  // 20%
            (11, B::Moderate), // 22%
            (20, B::Moderate), // 40%
            (21, B::Severe),   // 42%
            (30, B::Severe),   // 60%
            (31, B::VerySevere),
            (40, B::VerySevere), // 80%
            (41, B::Extreme),    // 82%
            (50, B::Extreme),
        ] {
            assert_eq!(odi(&all(sum)).band(), band, "sum {sum}");
        }
        assert_eq!(B::VerySevere.words(), "very severe disability");
        assert_eq!(B::Extreme.words(), "extreme disability");
    }

    #[test]
    fn ndi_bands_at_their_published_edges() {
        use DisabilityBand as B;
        // (total of 50, band): Vernon 2008, 0–4 none, 5–14 mild, 15–24 moderate, 25–34 severe,
        // 35+ complete.
        for (sum, band) in [
            (0, B::None),
            (4, B::None), // 8%
            (5, B::Mild), // 10%
            (14, B::Mild),
            (15, B::Moderate), // 30%
            (24, B::Moderate),
            (25, B::Severe), // 50%
            (34, B::Severe),
            (35, B::Complete), // 70%
            (50, B::Complete),
        ] {
            assert_eq!(ndi(&all(sum)).band(), band, "total {sum}");
        }
    }

    #[test]
    fn a_score_between_bands_takes_the_band_whose_lowest_value_it_has_reached() {
        use DisabilityBand as B;
        // With nine sections answered the percent is 20·sum/9, which can fall in the NDI's
        // gaps (8–10, 28–30, 48–50, 68–70). (The ODI's gaps, 20–21 and so on, cannot be hit
        // with eight or more sections answered: the nearest values are 20 and 22.2 or 22.5.)
        let nine = |sum: i64| {
            let mut v: Vec<Option<i64>> = all(sum).into_iter().take(9).collect();
            v.push(None);
            ndi(&v)
        };
        for (sum, band) in [
            (4, B::None),      // 8.9%: has not reached 10
            (5, B::Mild),      // 11.1%
            (13, B::Mild),     // 28.9%
            (14, B::Moderate), // 31.1%
            (22, B::Moderate), // 48.9%
            (31, B::Severe),   // 68.9%
            (32, B::Complete), // 71.1%
        ] {
            let d = nine(sum);
            assert!(
                (d.percent - 20.0 * sum as f64 / 9.0).abs() < 1e-9,
                "{}",
                d.percent
            );
            assert_eq!(d.band(), band, "sum {sum} of 45");
        }
        // Reaching a band's lowest value exactly: 12 over eight sections is 30%, moderate.
        let mut eight: Vec<Option<i64>> = all(12).into_iter().take(8).collect();
        eight.extend([None, None]);
        let d = ndi(&eight);
        assert_eq!(d.percent, 30.0);
        assert_eq!(d.band(), B::Moderate);
        // ODI with one missing: 9 of 45 is 20% (minimal), 10 of 45 is 22.2% (moderate).
        let mut items = vec![Some(1); 10];
        items[9] = None;
        assert_eq!(odi(&items).band(), B::Minimal);
        items[0] = Some(2);
        assert_eq!(odi(&items).band(), B::Moderate);
    }

    #[test]
    fn odi_change_of_ten_points_counts_and_eight_does_not() {
        let before = odi(&all(20)); // 40%
        assert_eq!(
            meaningful_change(&before, &odi(&all(15))),
            Some(Change::Better)
        ); // 30%
        assert_eq!(
            meaningful_change(&before, &odi(&all(16))),
            Some(Change::Same)
        ); // 32%
        assert_eq!(
            meaningful_change(&before, &odi(&all(24))),
            Some(Change::Same)
        ); // 48%
        assert_eq!(
            meaningful_change(&before, &odi(&all(25))),
            Some(Change::Worse)
        ); // 50%
        assert_eq!(meaningful_change(&before, &before), Some(Change::Same));
    }

    #[test]
    fn ndi_change_of_fifteen_points_counts() {
        // 7.5 of 50: a fall from 20/50 (40%) to 12/50 (24%) is 16 points, better; to 13/50
        // (26%) is 14 points, the same.
        let before = ndi(&all(20));
        assert_eq!(
            meaningful_change(&before, &ndi(&all(12))),
            Some(Change::Better)
        );
        assert_eq!(
            meaningful_change(&before, &ndi(&all(13))),
            Some(Change::Same)
        );
        assert_eq!(
            meaningful_change(&before, &ndi(&all(28))),
            Some(Change::Worse)
        ); // 56%
        assert_eq!(
            meaningful_change(&before, &ndi(&all(27))),
            Some(Change::Same)
        ); // 54%
        // Exactly 15 points, reachable with eight answered: 20/50 = 40% to 10/40 = 25%.
        let mut eight: Vec<Option<i64>> = all(10).into_iter().take(8).collect();
        eight.extend([None, None]);
        let after = ndi(&eight);
        assert_eq!(after.percent, 25.0);
        assert_eq!(meaningful_change(&before, &after), Some(Change::Better));
    }

    #[test]
    fn change_with_a_missing_section_uses_the_percent() {
        // Before 18/45 = 40% (one missing); after 15/50 = 30%: exactly 10 points, better.
        let mut items = vec![Some(2); 10];
        items[4] = None;
        let before = odi(&items);
        assert_eq!(
            meaningful_change(&before, &odi(&all(15))),
            Some(Change::Better)
        );
        // After 16/50 = 32%: 8 points, the same, although the raw sum fell by 2 only either way.
        assert_eq!(
            meaningful_change(&before, &odi(&all(16))),
            Some(Change::Same)
        );
    }

    #[test]
    fn different_questionnaires_are_not_compared() {
        assert_eq!(meaningful_change(&odi(&all(40)), &ndi(&all(0))), None);
    }

    #[test]
    fn mcid_constants_are_what_the_sources_say() {
        assert_eq!(DisabilityMeasure::Odi.mcid_percent(), 10);
        // 7.5 of the raw 50, in percent.
        assert_eq!(f64::from(DisabilityMeasure::Ndi.mcid_percent()), 7.5 * 2.0);
    }

    #[test]
    fn serialises_in_the_contract_spelling() {
        let scores: DisabilityScores = serde_json::from_value(serde_json::json!({
            "measure": "ndi",
            "items": [1, 2, null, 3, 0, 1, 2, 1, 0, 1],
            "taken_on": "2026-03-02"
        }))
        .unwrap();
        let d = Disability::parse(&scores).unwrap();
        assert_eq!((d.sum, d.answered, d.percent), (11, 9, 220.0 / 9.0));
        let v = serde_json::to_value(d).unwrap();
        assert_eq!(v["measure"], "ndi");
        assert_eq!(v["taken_on"], "2026-03-02");
        assert_eq!(serde_json::to_value(d.band()).unwrap(), "mild");
        assert_eq!(
            serde_json::to_value(DisabilityBand::VerySevere).unwrap(),
            DisabilityBand::VerySevere.as_str()
        );
        assert_eq!(serde_json::to_value(Change::Better).unwrap(), "better");
        for m in DisabilityMeasure::ALL {
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
    }
}
