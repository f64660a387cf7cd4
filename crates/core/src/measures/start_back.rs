//! The Keele STarT Back Screening Tool (Hill JC et al., Arthritis Rheum 2008;59(5):632-641).
//!
//! Why: people with low back pain do not all need the same care. In the STarT Back trial (Hill
//! JC et al., Lancet 2011;378:1560-1571) matching care to the tool's three groups (advice and
//! self-management for low risk, physiotherapy for medium, psychologically informed
//! physiotherapy for high) gave less disability at a lower cost than usual care. The stratum is
//! therefore the input to the decision "how much support, and of what kind" at intake, and a
//! high stratum is the reason to put worry and fear of movement on the care team's agenda. The
//! tool screens; it does not diagnose, and it is validated for low back pain only (see
//! [`applies_to`]).
//!
//! The item wording, the copyright line and the licence terms (free for non-commercial use,
//! unmodified; commercial use needs Keele University's permission) live in
//! `content/measures/start_back.toml`, next to what each stratum means for care. This module
//! holds only the scoring, which is the published rule:
//!
//! - items 1–8: agree = 1, disagree = 0; item 9 (bothersomeness): "very much" or "extremely" = 1,
//!   the other three answers 0;
//! - total = all nine (0–9); psychosocial (distress) subscale = items 5–9 (0–5);
//! - total 0–3: low risk; total 4 or more: medium risk, unless the subscale is 4 or 5: high risk.
//!
//! **Why named fields rather than an array of eight booleans.** A form or a program that sends
//! `[true, false, …]` can shift an answer by one place without anyone noticing, and an error at
//! `agree[4]` tells a person nothing. Each answer therefore has its own field, named after the
//! domain the item screens (Hill 2008: referred leg pain, comorbid pain, disability ×2, fear,
//! anxiety, catastrophising, low mood, bothersomeness); [`ITEM_FIELDS`] lists them in item order
//! and the content file binds each item's text to its field. `true` always means "agree".
//!
//! **Why every answer is optional in the input.** Scoring a questionnaire with a missing answer
//! as "disagree" would invent a health value; the published tool has no rule for missing items.
//! So an absent answer is not a default: [`score`] refuses it, naming every unanswered item at
//! once, so that one round trip fixes the form.

use serde::{Deserialize, Serialize};

use crate::error::{InputErrors, Problems};
use crate::vocab::Region;

/// The answers to the nine items, as sent. `Some(true)` is "agree", `Some(false)` "disagree";
/// `None` means not answered, which [`score`] refuses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct StartBackAnswers {
    /// Item 1 (referred leg pain): back pain has spread down the leg(s) in the last 2 weeks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leg_pain: Option<bool>,
    /// Item 2 (comorbid pain): pain in the shoulder or neck in the last 2 weeks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shoulder_or_neck_pain: Option<bool>,
    /// Item 3 (disability): has only walked short distances because of back pain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walking_limited: Option<bool>,
    /// Item 4 (disability): has dressed more slowly than usual because of back pain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dressing_slowly: Option<bool>,
    /// Item 5 (fear): physical activity does not feel really safe with this condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fear: Option<bool>,
    /// Item 6 (anxiety): worrying thoughts much of the time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anxiety: Option<bool>,
    /// Item 7 (catastrophising): the pain feels terrible and never going to get better.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catastrophising: Option<bool>,
    /// Item 8 (low mood): has not enjoyed the things they used to enjoy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_mood: Option<bool>,
    /// Item 9: how bothersome the back pain has been over the last 2 weeks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bothersomeness: Option<Bothersomeness>,
}

/// The input's field for each item, in item order (item 1 first). The content file's items name
/// these fields, and a content test holds the two together.
pub const ITEM_FIELDS: [&str; 9] = [
    "leg_pain",
    "shoulder_or_neck_pain",
    "walking_limited",
    "dressing_slowly",
    "fear",
    "anxiety",
    "catastrophising",
    "low_mood",
    "bothersomeness",
];

/// The first item of the psychosocial (distress) subscale: items 5–9 (Hill 2008).
pub const PSYCHOSOCIAL_FROM_ITEM: usize = 5;

/// Total at or below which the risk is low, whatever the subscale (Hill 2008: 0–3).
pub const LOW_RISK_MAX_TOTAL: u8 = 3;

/// Psychosocial subscale at or above which the risk is high (Hill 2008: 4–5).
pub const HIGH_RISK_MIN_PSYCHOSOCIAL: u8 = 4;

/// Item 9's five answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Bothersomeness {
    NotAtAll,
    Slightly,
    Moderately,
    VeryMuch,
    Extremely,
}

impl Bothersomeness {
    /// Every answer, in the order the form lists them.
    pub const ALL: &'static [Bothersomeness] = &[
        Bothersomeness::NotAtAll,
        Bothersomeness::Slightly,
        Bothersomeness::Moderately,
        Bothersomeness::VeryMuch,
        Bothersomeness::Extremely,
    ];

    /// The contract's spelling of this answer.
    pub fn as_str(self) -> &'static str {
        match self {
            Bothersomeness::NotAtAll => "not_at_all",
            Bothersomeness::Slightly => "slightly",
            Bothersomeness::Moderately => "moderately",
            Bothersomeness::VeryMuch => "very_much",
            Bothersomeness::Extremely => "extremely",
        }
    }

    /// The item's score: 1 for "very much" or "extremely", 0 otherwise (Hill 2008).
    pub fn points(self) -> u8 {
        match self {
            Bothersomeness::VeryMuch | Bothersomeness::Extremely => 1,
            Bothersomeness::NotAtAll | Bothersomeness::Slightly | Bothersomeness::Moderately => 0,
        }
    }
}

/// The risk group, which decides the kind of care (Hill 2011). Written `low`, `medium`, `high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stratum {
    Low,
    Medium,
    High,
}

impl Stratum {
    /// Every stratum, lowest risk first.
    pub const ALL: &'static [Stratum] = &[Stratum::Low, Stratum::Medium, Stratum::High];

    /// The contract's spelling of this stratum.
    pub fn as_str(self) -> &'static str {
        match self {
            Stratum::Low => "low",
            Stratum::Medium => "medium",
            Stratum::High => "high",
        }
    }

    /// The published cut-offs: total 0–3 is low; otherwise a subscale of 4–5 is high and
    /// anything else medium. (A subscale of 4 or more implies a total of 4 or more, so the order
    /// of the two tests does not matter for any valid pair.)
    pub fn of(total: u8, psychosocial: u8) -> Stratum {
        if total <= LOW_RISK_MAX_TOTAL {
            Stratum::Low
        } else if psychosocial >= HIGH_RISK_MIN_PSYCHOSOCIAL {
            Stratum::High
        } else {
            Stratum::Medium
        }
    }
}

/// A scored questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StartBack {
    /// All nine items, 0..=9.
    pub total: u8,
    /// Items 5–9 (the distress subscale), 0..=5.
    pub psychosocial: u8,
    pub stratum: Stratum,
}

/// Scores a complete set of answers, or names every unanswered item.
pub fn score(answers: &StartBackAnswers) -> Result<StartBack, InputErrors> {
    let mut p = Problems::default();
    let agreed = [
        answers.leg_pain,
        answers.shoulder_or_neck_pain,
        answers.walking_limited,
        answers.dressing_slowly,
        answers.fear,
        answers.anxiety,
        answers.catastrophising,
        answers.low_mood,
    ];
    let mut points = [0u8; 9];
    for (i, answer) in agreed.iter().enumerate() {
        match answer {
            Some(agree) => points[i] = u8::from(*agree),
            None => p.push(
                ITEM_FIELDS[i],
                format!(
                    "expected an answer to item {}: agree (true) or disagree (false), found none",
                    i + 1
                ),
            ),
        }
    }
    match answers.bothersomeness {
        Some(b) => points[8] = b.points(),
        None => p.push(
            ITEM_FIELDS[8],
            format!(
                "expected an answer to item 9: one of {}, found none",
                Bothersomeness::ALL
                    .iter()
                    .map(|b| b.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
    let total = points.iter().sum();
    let psychosocial = points[PSYCHOSOCIAL_FROM_ITEM - 1..].iter().sum();
    p.finish(StartBack {
        total,
        psychosocial,
        stratum: Stratum::of(total, psychosocial),
    })
}

/// True when the tool is valid for these regions: it was built and validated for low back pain
/// (Hill 2008), and Keele does not recommend it for other conditions, neck pain included. Neck
/// or shoulder pain alongside low back pain is fine: item 2 asks about exactly that.
pub fn applies_to(regions: &[Region]) -> bool {
    regions.contains(&Region::LowBack)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers with items 1–8 as given (true = agree) and item 9 as given.
    fn answers(agree: [bool; 8], bother: Bothersomeness) -> StartBackAnswers {
        StartBackAnswers {
            leg_pain: Some(agree[0]),
            shoulder_or_neck_pain: Some(agree[1]),
            walking_limited: Some(agree[2]),
            dressing_slowly: Some(agree[3]),
            fear: Some(agree[4]),
            anxiety: Some(agree[5]),
            catastrophising: Some(agree[6]),
            low_mood: Some(agree[7]),
            bothersomeness: Some(bother),
        }
    }

    fn scored(agree: [bool; 8], bother: Bothersomeness) -> StartBack {
        score(&answers(agree, bother)).expect("complete answers score")
    }

    use Bothersomeness::*;
    const T: bool = true;
    const F: bool = false;

    #[test]
    fn none_agree_is_low_risk_with_zero_scores() {
        let s = scored([F; 8], NotAtAll);
        assert_eq!(
            s,
            StartBack {
                total: 0,
                psychosocial: 0,
                stratum: Stratum::Low
            }
        );
    }

    #[test]
    fn all_agree_and_extremely_bothered_is_the_maximum_and_high_risk() {
        let s = scored([T; 8], Extremely);
        assert_eq!(
            s,
            StartBack {
                total: 9,
                psychosocial: 5,
                stratum: Stratum::High
            }
        );
    }

    #[test]
    fn all_agree_but_only_moderately_bothered_is_still_high_risk() {
        // Items 5–8 agree make the subscale 4 on their own.
        let s = scored([T; 8], Moderately);
        assert_eq!((s.total, s.psychosocial, s.stratum), (8, 4, Stratum::High));
    }

    #[test]
    fn total_three_is_low_and_four_is_medium() {
        // Items 1–3 agree: total 3, subscale 0.
        let s = scored([T, T, T, F, F, F, F, F], NotAtAll);
        assert_eq!((s.total, s.psychosocial, s.stratum), (3, 0, Stratum::Low));
        // Items 1–4 agree: total 4, subscale 0.
        let s = scored([T, T, T, T, F, F, F, F], NotAtAll);
        assert_eq!(
            (s.total, s.psychosocial, s.stratum),
            (4, 0, Stratum::Medium)
        );
    }

    #[test]
    fn total_three_from_distress_items_alone_is_low() {
        // Items 5, 6 and 9 score: total 3 and subscale 3, still low (total decides first).
        let s = scored([F, F, F, F, T, T, F, F], VeryMuch);
        assert_eq!((s.total, s.psychosocial, s.stratum), (3, 3, Stratum::Low));
    }

    #[test]
    fn subscale_three_is_medium_and_four_is_high_once_total_is_four_or_more() {
        // Items 1, 5, 6, 7 agree: total 4, subscale 3.
        let s = scored([T, F, F, F, T, T, T, F], NotAtAll);
        assert_eq!(
            (s.total, s.psychosocial, s.stratum),
            (4, 3, Stratum::Medium)
        );
        // Items 5–8 agree: total 4, subscale 4 (total and subscale both at the cut-off).
        let s = scored([F, F, F, F, T, T, T, T], NotAtAll);
        assert_eq!((s.total, s.psychosocial, s.stratum), (4, 4, Stratum::High));
        // Items 1–4 and 5–7 agree: total 7, subscale 3.
        let s = scored([T, T, T, T, T, T, T, F], Slightly);
        assert_eq!(
            (s.total, s.psychosocial, s.stratum),
            (7, 3, Stratum::Medium)
        );
        // The same with item 9 very much: total 8, subscale 4.
        let s = scored([T, T, T, T, T, T, T, F], VeryMuch);
        assert_eq!((s.total, s.psychosocial, s.stratum), (8, 4, Stratum::High));
    }

    #[test]
    fn item_nine_scores_only_very_much_and_extremely() {
        // With items 1–3 agreed (total 3), item 9 alone moves low to medium when it scores.
        let expected = [
            (NotAtAll, 3, 0, Stratum::Low),
            (Slightly, 3, 0, Stratum::Low),
            (Moderately, 3, 0, Stratum::Low),
            (VeryMuch, 4, 1, Stratum::Medium),
            (Extremely, 4, 1, Stratum::Medium),
        ];
        for (b, total, psychosocial, stratum) in expected {
            let s = scored([T, T, T, F, F, F, F, F], b);
            assert_eq!(
                (s.total, s.psychosocial, s.stratum),
                (total, psychosocial, stratum),
                "{b:?}"
            );
        }
    }

    #[test]
    fn items_one_to_four_never_count_towards_the_subscale() {
        let s = scored([T, T, T, T, F, F, F, F], NotAtAll);
        assert_eq!(s.psychosocial, 0);
        for item in 4..8 {
            let mut agree = [F; 8];
            agree[item] = true;
            assert_eq!(scored(agree, NotAtAll).psychosocial, 1, "item {}", item + 1);
        }
    }

    #[test]
    fn stratum_table_over_every_valid_pair() {
        // The published rule, written out as a table (rows: subscale 0..=5, columns: total 0..=9;
        // "-" where the subscale cannot exceed the total or the total exceeds subscale + 4).
        let table = [
            "LLLLMMMMMM", // subscale 0
            "LLLLMMMMMM", // subscale 1
            "LLLLMMMMMM", // subscale 2
            "LLLLMMMMMM", // subscale 3
            "LLLLHHHHHH", // subscale 4
            "LLLLHHHHHH", // subscale 5
        ];
        for (sub, row) in table.iter().enumerate() {
            for (total, c) in row.chars().enumerate() {
                if sub > total || total > sub + 4 {
                    continue;
                }
                let want = match c {
                    'L' => Stratum::Low,
                    'M' => Stratum::Medium,
                    _ => Stratum::High,
                };
                assert_eq!(Stratum::of(total as u8, sub as u8), want, "{total}/{sub}");
            }
        }
    }

    #[test]
    fn every_unanswered_item_is_named() {
        let err = score(&StartBackAnswers::default()).unwrap_err();
        let paths: Vec<&str> = err.0.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ITEM_FIELDS);
        assert!(err.0[4].message.contains("item 5"), "{}", err.0[4].message);
        assert!(
            err.0[8]
                .message
                .contains("not_at_all, slightly, moderately, very_much, extremely"),
            "{}",
            err.0[8].message
        );

        let mut a = answers([F; 8], NotAtAll);
        a.catastrophising = None;
        let err = score(&a).unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].path, "catastrophising");
        assert_eq!(
            err.to_string(),
            "catastrophising: expected an answer to item 7: agree (true) or disagree (false), found none"
        );
    }

    #[test]
    fn serialises_in_the_contract_spelling() {
        let s = scored([T; 8], VeryMuch);
        assert_eq!(
            serde_json::to_value(s).unwrap(),
            serde_json::json!({ "total": 9, "psychosocial": 5, "stratum": "high" })
        );
        for st in Stratum::ALL {
            assert_eq!(
                serde_json::to_value(st).unwrap(),
                serde_json::json!(st.as_str())
            );
        }
        for b in Bothersomeness::ALL {
            assert_eq!(
                serde_json::to_value(b).unwrap(),
                serde_json::json!(b.as_str())
            );
        }
        let a: StartBackAnswers = serde_json::from_value(serde_json::json!({
            "leg_pain": true, "shoulder_or_neck_pain": false, "walking_limited": false,
            "dressing_slowly": false, "fear": true, "anxiety": true, "catastrophising": false,
            "low_mood": false, "bothersomeness": "very_much"
        }))
        .unwrap();
        let s = score(&a).unwrap();
        assert_eq!(
            (s.total, s.psychosocial, s.stratum),
            (4, 3, Stratum::Medium)
        );
    }

    #[test]
    fn item_fields_are_the_input_fields_in_item_order() {
        // Answer one item at a time: the only field written is that item's.
        for (i, field) in ITEM_FIELDS.iter().enumerate() {
            let mut a = StartBackAnswers::default();
            let slot = [
                &mut a.leg_pain,
                &mut a.shoulder_or_neck_pain,
                &mut a.walking_limited,
                &mut a.dressing_slowly,
                &mut a.fear,
                &mut a.anxiety,
                &mut a.catastrophising,
                &mut a.low_mood,
            ];
            if i < 8 {
                *slot.into_iter().nth(i).unwrap() = Some(true);
            } else {
                a.bothersomeness = Some(Extremely);
            }
            let v = serde_json::to_value(&a).unwrap();
            let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
            assert_eq!(keys, [field], "item {}", i + 1);
            // And it is the item whose agreement scores one point.
            assert_eq!(
                score(&StartBackAnswers {
                    leg_pain: Some(a.leg_pain.unwrap_or(false)),
                    shoulder_or_neck_pain: Some(a.shoulder_or_neck_pain.unwrap_or(false)),
                    walking_limited: Some(a.walking_limited.unwrap_or(false)),
                    dressing_slowly: Some(a.dressing_slowly.unwrap_or(false)),
                    fear: Some(a.fear.unwrap_or(false)),
                    anxiety: Some(a.anxiety.unwrap_or(false)),
                    catastrophising: Some(a.catastrophising.unwrap_or(false)),
                    low_mood: Some(a.low_mood.unwrap_or(false)),
                    bothersomeness: Some(a.bothersomeness.unwrap_or(NotAtAll)),
                })
                .unwrap()
                .psychosocial,
                u8::from(i + 1 >= PSYCHOSOCIAL_FROM_ITEM),
                "item {}",
                i + 1
            );
        }
    }

    #[test]
    fn for_low_back_pain_only() {
        assert!(applies_to(&[Region::LowBack]));
        assert!(applies_to(&[Region::Neck, Region::LowBack]));
        assert!(!applies_to(&[Region::Neck]));
        assert!(!applies_to(&[Region::MidBack]));
        assert!(!applies_to(&[Region::Heel]));
        assert!(!applies_to(&[]));
    }
}
