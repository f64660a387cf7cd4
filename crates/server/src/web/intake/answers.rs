//! The wizard's answers: checked by key against the question table, then read as a typed form.
//!
//! Two views of the same posted pairs, on purpose. The steps are checked on the raw pairs
//! ([`FormData`]), because a half-finished wizard carries answers that are not valid yet, and a
//! typed parse would fail on the first of them with a message no person should read; the table
//! knows each key's rules, so the checks are generic. Only once every step has passed is the
//! form read into [`IntakeAnswers`] (with `serde_html_form`, which gathers repeated keys into a
//! `Vec`), and [`build`] maps its typed fields into the contract's `IntakeInput`, so a renamed
//! or retyped field breaks the build instead of silently sending nothing.
//!
//! The struct's field names are a second list of the form keys. Rather than generate both from
//! a macro (which would hide the serde attributes and the types that make `build` checked), a
//! test asks serde for the struct's field names and compares them with the table; the struct
//! also refuses unknown fields. Either list drifting from the other fails `cargo test`.
//!
//! Numbers are parsed by one pair of functions ([`parse_whole`], [`parse_number`]) for both the
//! checks and the typed form, so an answer the checks accept always reads.

use serde::Deserialize;
use serde::de::{Deserializer, Error as _};

use gradus_core::IntakeInput;
use gradus_core::intake::{
    ActivityInput, AvailabilityInput, FearInput, GoalInput, HistoryInput, InflammatoryInput,
    IrritabilityInput, NerveInput, PainInput, RedFlagsInput,
};
use gradus_core::vocab::{
    Condition, Direction, Equipment, Provocation, Radiating, RedFlag, Region, Surgery, Weakness,
};

use super::super::fields::FormData;
use super::questions::{Control, QUESTIONS, Question, Range, on_step, rows, step_of};

/// A whole number as a person types it (spaces around are fine).
pub fn parse_whole(v: &str) -> Option<i64> {
    v.trim().parse().ok()
}

/// A number as a person types it: decimals with a point or a comma.
pub fn parse_number(v: &str) -> Option<f64> {
    v.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// The whole wizard, typed. Empty answers are `None`; every field is optional here because the
/// steps' checks, not serde, decide what is missing and say so in words.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntakeAnswers {
    #[serde(deserialize_with = "whole")]
    pub age: Option<i64>,
    pub regions: Vec<Region>,
    #[serde(deserialize_with = "serde_html_form::de::empty_as_none")]
    pub condition: Option<Condition>,
    #[serde(deserialize_with = "number")]
    pub duration_weeks: Option<f64>,
    #[serde(deserialize_with = "whole")]
    pub pain_now: Option<i64>,
    #[serde(deserialize_with = "whole")]
    pub pain_average: Option<i64>,
    #[serde(deserialize_with = "whole")]
    pub pain_worst: Option<i64>,
    #[serde(deserialize_with = "text")]
    pub rest_or_night_pain: Option<String>,
    #[serde(deserialize_with = "serde_html_form::de::empty_as_none")]
    pub provoked_by: Option<Provocation>,
    #[serde(deserialize_with = "number")]
    pub settle_minutes: Option<f64>,
    #[serde(deserialize_with = "serde_html_form::de::empty_as_none")]
    pub radiating: Option<Radiating>,
    #[serde(deserialize_with = "text")]
    pub numbness_or_tingling: Option<String>,
    #[serde(deserialize_with = "serde_html_form::de::empty_as_none")]
    pub weakness: Option<Weakness>,
    #[serde(deserialize_with = "serde_html_form::de::empty_as_none")]
    pub centralises_with: Option<Direction>,
    pub rf_back: Vec<RedFlag>,
    pub rf_neck: Vec<RedFlag>,
    pub rf_body: Vec<RedFlag>,
    pub rf_history: Vec<RedFlag>,
    #[serde(deserialize_with = "text")]
    pub rf_none: Option<String>,
    #[serde(deserialize_with = "serde_html_form::de::empty_as_none")]
    pub surgery: Option<Surgery>,
    #[serde(deserialize_with = "number")]
    pub weeks_since_surgery: Option<f64>,
    pub hist: Vec<String>,
    pub infl: Vec<String>,
    #[serde(deserialize_with = "text")]
    pub fear1: Option<String>,
    #[serde(deserialize_with = "whole")]
    pub fear1_rating: Option<i64>,
    #[serde(deserialize_with = "text")]
    pub fear2: Option<String>,
    #[serde(deserialize_with = "whole")]
    pub fear2_rating: Option<i64>,
    #[serde(deserialize_with = "text")]
    pub fear3: Option<String>,
    #[serde(deserialize_with = "whole")]
    pub fear3_rating: Option<i64>,
    #[serde(deserialize_with = "text")]
    pub goal1: Option<String>,
    #[serde(deserialize_with = "whole")]
    pub goal1_ability: Option<i64>,
    #[serde(deserialize_with = "text")]
    pub goal2: Option<String>,
    #[serde(deserialize_with = "whole")]
    pub goal2_ability: Option<i64>,
    #[serde(deserialize_with = "text")]
    pub goal3: Option<String>,
    #[serde(deserialize_with = "whole")]
    pub goal3_ability: Option<i64>,
    #[serde(deserialize_with = "whole")]
    pub minutes_per_session: Option<i64>,
    #[serde(deserialize_with = "whole")]
    pub sessions_per_week: Option<i64>,
    pub equipment: Vec<Equipment>,
    pub enjoys: Vec<String>,
    #[serde(deserialize_with = "text")]
    pub enjoys_other: Option<String>,
    #[serde(deserialize_with = "number")]
    pub sedentary_hours: Option<f64>,
    #[serde(deserialize_with = "number")]
    pub walking_minutes: Option<f64>,
    #[serde(deserialize_with = "text")]
    pub sb_leg_pain: Option<String>,
    #[serde(deserialize_with = "text")]
    pub sb_shoulder_or_neck_pain: Option<String>,
    #[serde(deserialize_with = "text")]
    pub sb_walking_limited: Option<String>,
    #[serde(deserialize_with = "text")]
    pub sb_dressing_slowly: Option<String>,
    #[serde(deserialize_with = "text")]
    pub sb_fear: Option<String>,
    #[serde(deserialize_with = "text")]
    pub sb_anxiety: Option<String>,
    #[serde(deserialize_with = "text")]
    pub sb_catastrophising: Option<String>,
    #[serde(deserialize_with = "text")]
    pub sb_low_mood: Option<String>,
    #[serde(deserialize_with = "serde_html_form::de::empty_as_none")]
    pub sb_bothersomeness: Option<gradus_core::measures::Bothersomeness>,
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    let t = s.trim();
    Ok((!t.is_empty()).then(|| t.to_string()))
}

fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    text(d)?
        .map(|t| {
            parse_whole(&t)
                .ok_or_else(|| D::Error::custom(format!("expected a whole number, found {t:?}")))
        })
        .transpose()
}

fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    text(d)?
        .map(|t| {
            parse_number(&t)
                .ok_or_else(|| D::Error::custom(format!("expected a number, found {t:?}")))
        })
        .transpose()
}

impl IntakeAnswers {
    /// Reads the wizard's pairs. They arrive already split (the member form checks its CSRF
    /// field first), so they are encoded again for `serde_html_form`; the wizard's answers are
    /// bounded, so this costs nothing worth a second body parser.
    pub fn read(a: &FormData) -> Result<IntakeAnswers, String> {
        let encoded = serde_html_form::to_string(&a.0).map_err(|e| e.to_string())?;
        serde_html_form::from_str(&encoded).map_err(|e| e.to_string())
    }
}

/// Checks one step's answers; (field, message) for each problem. A key can appear twice (a
/// generic problem, then a cross-field one); the page shows the last.
pub fn validate(step: usize, a: &FormData) -> Vec<(String, String)> {
    let mut errs: Vec<(String, String)> = on_step(step)
        .filter_map(|q| check(q, a).map(|m| (q.key.clone(), m)))
        .collect();
    errs.extend(
        cross_field(a)
            .into_iter()
            .filter(|(k, _)| step_of(k) == Some(step)),
    );
    errs
}

/// The checks every question gets from its row in the table: required, one of the options,
/// a number in range, not too long.
fn check(q: &Question, a: &FormData) -> Option<String> {
    let field = q.blank();
    let offers = |v: &str| field.options.iter().any(|o| o.value == v);
    let missing = match q.control {
        Control::Checks(_) => a.all(&q.key).is_empty(),
        Control::Radios(_) | Control::Scale { .. } => {
            a.get(&q.key).is_none_or(|v| v.is_empty() && !offers(""))
        }
        Control::Number | Control::Text { .. } => a.text(&q.key).is_none(),
    };
    if missing && let Some(m) = q.required {
        return Some(q.say(m));
    }
    if field.is_group() && a.all(&q.key).iter().any(|v| !offers(v)) {
        return Some("Choose one of the options shown.".into());
    }
    let t = a.text(&q.key)?;
    match (&q.control, q.range) {
        (Control::Number, Some(Range::Whole(lo, hi))) => match parse_whole(t) {
            None => Some(q.say(q.words.not_a_number)),
            Some(n) if n < lo => Some(q.say(q.words.too_low)),
            Some(n) if n > hi => Some(q.say(q.words.too_high)),
            Some(_) => None,
        },
        (Control::Number, Some(Range::Decimal(lo, hi))) => match parse_number(t) {
            None => Some(q.say(q.words.not_a_number)),
            Some(n) if n < lo => Some(q.say(q.words.too_low)),
            Some(n) if n > hi => Some(q.say(q.words.too_high)),
            Some(_) => None,
        },
        (Control::Text { max_chars }, _) if t.chars().count() > *max_chars => {
            Some(format!("Use at most {max_chars} characters."))
        }
        _ => None,
    }
}

/// The rules that need more than one answer.
fn cross_field(a: &FormData) -> Vec<(String, String)> {
    let mut errs = Vec::new();
    errs.extend(warning_signs(a));
    errs.extend(spinal_surgery_needs_weeks(a));
    errs.extend(rated_rows(a));
    errs
}

/// The keys whose ticks are warning signs.
pub fn sign_keys() -> impl Iterator<Item = &'static str> {
    QUESTIONS
        .iter()
        .filter(|q| q.path == "red_flags.*")
        .map(|q| q.key.as_str())
}

/// Either some warning signs or "None of these", never both, never neither.
fn warning_signs(a: &FormData) -> Option<(String, String)> {
    let any = sign_keys().any(|k| !a.all(k).is_empty());
    let none = a.get("rf_none") == Some("yes");
    let message = match (any, none) {
        (false, false) => {
            "Tick the signs that apply to you, or tick \"None of these apply to me\"."
        }
        (true, true) => "You ticked a warning sign and also \"None of these\": untick one of them.",
        _ => return None,
    };
    Some(("rf_none".into(), message.into()))
}

/// The same rule as triage's: an operation on the spine needs its date.
fn spinal_surgery_needs_weeks(a: &FormData) -> Option<(String, String)> {
    let spinal = a
        .get("surgery")
        .and_then(Surgery::parse)
        .is_some_and(Surgery::is_spinal);
    (spinal && a.text("weeks_since_surgery").is_none()).then(|| {
        (
            "weeks_since_surgery".into(),
            "Enter how many weeks ago the operation on your spine was (an estimate is fine)."
                .into(),
        )
    })
}

/// A fear or goal row is sent whole or not at all: an activity needs its rating and a rating
/// its activity.
fn rated_rows(a: &FormData) -> Vec<(String, String)> {
    let mut errs = Vec::new();
    for row in rows() {
        let activity = a.text(&row.activity.key).is_some();
        let rating = a.text(&row.rating.key).is_some();
        if activity && !rating {
            errs.push((
                row.rating.key.clone(),
                "Choose a rating for this activity, or clear the activity.".into(),
            ));
        }
        if !activity && rating {
            errs.push((
                row.activity.key.clone(),
                "Describe the activity you rated, in a few words.".into(),
            ));
        }
    }
    errs
}

/// The contract's intake from checked answers, built as the typed `IntakeInput` the API takes.
/// A missing required answer names its key (the steps were checked before, so this is rare).
pub fn build(a: &IntakeAnswers) -> Result<IntakeInput, String> {
    fn need<T: Copy>(k: &str, v: Option<T>) -> Result<T, String> {
        v.ok_or_else(|| format!("{k}: missing"))
    }
    let yes = |v: &Option<String>| Some(v.as_deref() == Some("yes"));
    let mut red_flags = RedFlagsInput::default();
    for f in [&a.rf_back, &a.rf_neck, &a.rf_body, &a.rf_history]
        .into_iter()
        .flatten()
    {
        red_flags.insert(*f);
    }
    let mut inflammatory = InflammatoryInput::default();
    for v in &a.infl {
        if !inflammatory.set_named(v) {
            return Err(format!("infl: unknown option {v:?}"));
        }
    }
    let hist = |name: &str| Some(a.hist.iter().any(|h| h == name));
    let rows = |rows: [(&Option<String>, Option<i64>); 3]| -> Vec<(String, i64)> {
        rows.into_iter()
            .filter_map(|(activity, rating)| Some((activity.clone()?, rating?)))
            .collect()
    };
    let mut enjoys = a.enjoys.clone();
    if let Some(o) = &a.enjoys_other {
        enjoys.extend(
            o.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
    }
    Ok(IntakeInput {
        age: need("age", a.age)?,
        regions: a.regions.clone(),
        condition: a.condition,
        duration_weeks: need("duration_weeks", a.duration_weeks)?,
        pain: PainInput {
            now: need("pain_now", a.pain_now)?,
            average: need("pain_average", a.pain_average)?,
            worst: need("pain_worst", a.pain_worst)?,
        },
        irritability: IrritabilityInput {
            provoked_by: need("provoked_by", a.provoked_by)?,
            settle_minutes: need("settle_minutes", a.settle_minutes)?,
        },
        rest_or_night_pain: yes(&a.rest_or_night_pain),
        nerve: Some(NerveInput {
            radiating: Some(need("radiating", a.radiating)?),
            numbness_or_tingling: yes(&a.numbness_or_tingling),
            weakness: Some(need("weakness", a.weakness)?),
            centralises_with: a.centralises_with,
        }),
        red_flags: Some(red_flags),
        history: Some(HistoryInput {
            surgery: Some(need("surgery", a.surgery)?),
            weeks_since_surgery: a.weeks_since_surgery,
            osteoporosis: hist("osteoporosis"),
            long_term_steroids: hist("long_term_steroids"),
            rheumatoid_arthritis: hist("rheumatoid_arthritis"),
            vertebral_fracture: hist("vertebral_fracture"),
        }),
        inflammatory: Some(inflammatory),
        fears: rows([
            (&a.fear1, a.fear1_rating),
            (&a.fear2, a.fear2_rating),
            (&a.fear3, a.fear3_rating),
        ])
        .into_iter()
        .map(|(activity, rating)| FearInput { activity, rating })
        .collect(),
        goals: rows([
            (&a.goal1, a.goal1_ability),
            (&a.goal2, a.goal2_ability),
            (&a.goal3, a.goal3_ability),
        ])
        .into_iter()
        .map(|(activity, ability)| GoalInput { activity, ability })
        .collect(),
        activity: Some(ActivityInput {
            sedentary_hours: a.sedentary_hours,
            enjoys,
            walking_minutes: a.walking_minutes,
        }),
        availability: Some(AvailabilityInput {
            minutes_per_session: need("minutes_per_session", a.minutes_per_session)?,
            sessions_per_week: need("sessions_per_week", a.sessions_per_week)?,
        }),
        equipment: a.equipment.clone(),
        start_back: start_back(a),
    })
}

/// The STarT Back answers, when any was given: agree is `true`; an item left out stays `None`
/// and the engine names it. The step asks only people with low back pain; answers given anyway
/// for pain elsewhere are not sent, because a radio button cannot be cleared and the engine
/// would refuse them with no way for the person to take them back (the core's own test,
/// `start_back::applies_to`, decides).
fn start_back(a: &IntakeAnswers) -> Option<gradus_core::measures::StartBackAnswers> {
    if !gradus_core::measures::start_back::applies_to(&a.regions) {
        return None;
    }
    let agree = |v: &Option<String>| v.as_deref().map(|x| x == "agree");
    let sb = gradus_core::measures::StartBackAnswers {
        leg_pain: agree(&a.sb_leg_pain),
        shoulder_or_neck_pain: agree(&a.sb_shoulder_or_neck_pain),
        walking_limited: agree(&a.sb_walking_limited),
        dressing_slowly: agree(&a.sb_dressing_slowly),
        fear: agree(&a.sb_fear),
        anxiety: agree(&a.sb_anxiety),
        catastrophising: agree(&a.sb_catastrophising),
        low_mood: agree(&a.sb_low_mood),
        bothersomeness: a.sb_bothersomeness,
    };
    let any = a.sb_leg_pain.is_some()
        || a.sb_shoulder_or_neck_pain.is_some()
        || a.sb_walking_limited.is_some()
        || a.sb_dressing_slowly.is_some()
        || a.sb_fear.is_some()
        || a.sb_anxiety.is_some()
        || a.sb_catastrophising.is_some()
        || a.sb_low_mood.is_some()
        || a.sb_bothersomeness.is_some();
    any.then_some(sb)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use serde::de::{self, Visitor};

    use super::super::tests::{disc_flare, with};
    use super::*;

    /// Asks serde which fields a struct accepts, without a value.
    struct FieldNames<'a>(&'a Cell<&'static [&'static str]>);

    impl<'de> Deserializer<'de> for FieldNames<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(Self::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(fields);
            Err(Self::Error::custom("names taken"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }

    #[test]
    fn the_typed_form_and_the_table_agree_on_keys() {
        let names = Cell::new(&[][..]);
        let _ = IntakeAnswers::deserialize(FieldNames(&names));
        let mut fields: Vec<&str> = names.get().to_vec();
        let mut keys: Vec<&str> = QUESTIONS.iter().map(|q| q.key.as_str()).collect();
        assert!(!fields.is_empty());
        fields.sort_unstable();
        keys.sort_unstable();
        assert_eq!(fields, keys);
        // And a key outside the table is refused, not dropped.
        let a = FormData(vec![("agee".into(), "39".into())]);
        assert!(IntakeAnswers::read(&a).is_err());
    }

    #[test]
    fn every_offered_option_reads_into_the_typed_form() {
        for q in QUESTIONS.iter() {
            for o in q.blank().options {
                let a = FormData(vec![(q.key.clone(), o.value.clone())]);
                if let Err(e) = IntakeAnswers::read(&a) {
                    panic!("{}={:?}: {e}", q.key, o.value);
                }
            }
        }
    }

    /// The wizard with every fear and goal row filled, so each row reaches the engine.
    fn every_row() -> FormData {
        let mut a = disc_flare();
        for row in rows() {
            a = with(a, &row.activity.key, "lifting");
            a = with(a, &row.rating.key, "1");
        }
        a
    }

    fn engine_errors(a: &FormData) -> Vec<String> {
        let typed = IntakeAnswers::read(a).expect("reads");
        let input = build(&typed).expect("builds");
        match gradus_core::Intake::parse(&input) {
            Ok(_) => Vec::new(),
            Err(errs) => errs
                .0
                .iter()
                .map(|e| super::super::questions::key_for_path(&e.path, a))
                .collect(),
        }
    }

    /// The STarT Back step: nine answers become the contract's `start_back` (agree is `true`),
    /// none leaves it out, and a half-answered tool sends the engine's complaint to the field of
    /// the item left out.
    #[test]
    fn start_back_answers_reach_the_engine_and_its_errors_come_back_to_their_field() {
        let mut a = disc_flare();
        for f in gradus_core::measures::start_back::ITEM_FIELDS
            .iter()
            .take(8)
        {
            a = with(a, &format!("sb_{f}"), "agree");
        }
        a = with(a, "sb_bothersomeness", "extremely");
        let input = build(&IntakeAnswers::read(&a).expect("reads")).expect("builds");
        let sb = gradus_core::measures::start_back::score(input.start_back.as_ref().expect("sent"))
            .expect("scores");
        assert_eq!((sb.total, sb.psychosocial), (9, 5));
        let none = build(&IntakeAnswers::read(&disc_flare()).expect("reads")).expect("builds");
        assert!(none.start_back.is_none());
        let neck = with(a.clone(), "regions", "neck");
        let typed = IntakeAnswers::read(&neck).expect("reads");
        assert!(
            build(&typed).expect("builds").start_back.is_none(),
            "not for neck pain"
        );
        let half = with(disc_flare(), "sb_leg_pain", "disagree");
        let keys = engine_errors(&half);
        assert!(keys.contains(&"sb_low_mood".to_string()), "{keys:?}");
        assert!(keys.contains(&"sb_bothersomeness".to_string()), "{keys:?}");
    }

    #[test]
    fn every_range_is_exactly_what_the_engine_accepts() {
        let mut tried = 0;
        for q in QUESTIONS.iter() {
            let Some(range) = q.range else { continue };
            let (inside, outside) = match range {
                Range::Whole(lo, hi) => (
                    [lo.to_string(), hi.to_string()],
                    [(lo - 1).to_string(), (hi + 1).to_string()],
                ),
                Range::Decimal(lo, hi) => (
                    [lo.to_string(), hi.to_string()],
                    [(lo - 0.5).to_string(), (hi + 0.5).to_string()],
                ),
            };
            for v in inside {
                let errs = engine_errors(&with(every_row(), &q.key, &v));
                assert_eq!(errs, Vec::<String>::new(), "{}={v}", q.key);
            }
            for v in outside {
                let errs = engine_errors(&with(every_row(), &q.key, &v));
                assert_eq!(errs, vec![q.key.clone()], "{}={v} maps back", q.key);
                tried += 1;
            }
        }
        assert!(tried >= 2 * 14, "{tried}");
    }

    fn message(step: usize, a: &FormData, key: &str) -> Option<String> {
        validate(step, a)
            .into_iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m)
    }

    #[test]
    fn every_required_question_says_so_when_missing() {
        for q in QUESTIONS.iter().filter(|q| q.required.is_some()) {
            let mut a = disc_flare();
            a.0.retain(|(k, _)| *k != q.key);
            let want = q.required.map(|m| q.say(m));
            assert_eq!(message(q.step, &a, &q.key), want, "{}", q.key);
            assert_eq!(message(q.step, &disc_flare(), &q.key), None, "{}", q.key);
        }
    }

    #[test]
    fn bad_answers_get_their_fields_message() {
        let cases = [
            (
                1,
                "age",
                "17",
                "Gradus is for adults: you need to be 18 or over.",
            ),
            (1, "age", "111", "Enter an age from 18 to 110."),
            (
                1,
                "age",
                "forty",
                "Enter your age as a whole number, like 45.",
            ),
            (
                1,
                "age",
                "39.5",
                "Enter your age as a whole number, like 45.",
            ),
            (1, "regions", "<script>", "Choose one of the options shown."),
            (1, "duration_weeks", "", "Choose how long it has lasted."),
            (1, "duration_weeks", "2", "Choose one of the options shown."),
            (2, "pain_now", "11", "Choose one of the options shown."),
            (
                2,
                "pain_now",
                "",
                "Choose how much it hurts now, from 0 to 10.",
            ),
            (
                4,
                "radiating",
                "sideways",
                "Choose one of the options shown.",
            ),
            (
                6,
                "weeks_since_surgery",
                "-1",
                "Enter a number from 0 to 5200.",
            ),
            (
                6,
                "weeks_since_surgery",
                "soon",
                "Enter a number from 0 to 5200.",
            ),
            (7, "fear1_rating", "55", "Choose one of the options shown."),
            (9, "sedentary_hours", "25", "Enter a number from 0 to 24."),
            (
                9,
                "walking_minutes",
                "NaN",
                "Enter a number from 0 to 1440.",
            ),
            (
                9,
                "sessions_per_week",
                "8",
                "Choose one of the options shown.",
            ),
        ];
        for (step, key, value, want) in cases {
            let a = with(disc_flare(), key, value);
            assert_eq!(
                message(step, &a, key).as_deref(),
                Some(want),
                "{key}={value:?}"
            );
        }
        let long = "x".repeat(201);
        for key in ["fear1", "goal1", "enjoys_other"] {
            let a = with(disc_flare(), key, &long);
            let step = step_of(key).unwrap();
            assert_eq!(
                message(step, &a, key).as_deref(),
                Some("Use at most 200 characters."),
                "{key}"
            );
            let a = with(disc_flare(), key, &long[..200]);
            assert_eq!(message(step, &a, key), None, "{key}");
        }
    }

    #[test]
    fn cross_field_rules() {
        let spinal = with(disc_flare(), "surgery", "discectomy");
        assert_eq!(
            message(6, &spinal, "weeks_since_surgery").as_deref(),
            Some("Enter how many weeks ago the operation on your spine was (an estimate is fine).")
        );
        assert_eq!(
            message(
                6,
                &with(spinal, "weeks_since_surgery", "6"),
                "weeks_since_surgery"
            ),
            None
        );
        let other = with(disc_flare(), "surgery", "other");
        assert_eq!(message(6, &other, "weeks_since_surgery"), None);

        let unrated = with(disc_flare(), "fear2", "running");
        assert_eq!(
            message(7, &unrated, "fear2_rating").as_deref(),
            Some("Choose a rating for this activity, or clear the activity.")
        );
        let nameless = with(disc_flare(), "goal3_ability", "4");
        assert_eq!(
            message(8, &nameless, "goal3").as_deref(),
            Some("Describe the activity you rated, in a few words.")
        );

        let neither = {
            let mut a = disc_flare();
            a.0.retain(|(k, _)| k != "rf_none");
            a
        };
        assert_eq!(
            message(5, &neither, "rf_none").as_deref(),
            Some("Tick the signs that apply to you, or tick \"None of these apply to me\".")
        );
        let both = with(disc_flare(), "rf_body", "fever");
        assert_eq!(
            message(5, &both, "rf_none").as_deref(),
            Some("You ticked a warning sign and also \"None of these\": untick one of them.")
        );
        // A rule's message stays on its own step.
        assert!(validate(6, &both).is_empty());
    }
}
