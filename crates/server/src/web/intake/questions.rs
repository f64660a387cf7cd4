//! The wizard's questions, each declared once.
//!
//! A question used to be spelled out in four places (the step's keys, its control, its checks and
//! the engine-error mapping), and they drifted: a range typed as a literal here while the engine
//! used another, a key added to a step but not to the mapping. So this table is the declaration
//! and everything else is read off it: the controls ([`Question::blank`]), the generic checks
//! (`answers::validate`), which step a key is on ([`step_of`]) and where an engine error about a
//! contract path belongs ([`key_for_path`]). Ranges and text lengths come from
//! `gradus_core::intake::limits`, so the page offers exactly what the engine accepts; the tests
//! prove it against the engine itself rather than against a second copy of the numbers.

use std::sync::LazyLock;

use gradus_core::intake::limits;
use gradus_core::vocab::{Condition, Equipment, Region};

use super::super::fields::{Field, FormData, Opt};
use super::super::labels::{self, RED_FLAGS};

/// How a question is asked. Ranges are not here but on the [`Question`], so that a scale, a
/// number box and a list of numeric choices are all checked against the same core limit.
#[derive(Clone, Copy)]
pub enum Control {
    /// A box for a number; whole or decimal as its [`Range`] says.
    Number,
    /// Large radio buttons from the range's low end to its high end.
    Scale {
        step: u32,
        low: &'static str,
        high: &'static str,
    },
    /// One choice of several.
    Radios(fn() -> Vec<Opt>),
    /// Any number of boxes.
    Checks(fn() -> Vec<Opt>),
    /// A short text, at most this many characters after trimming.
    Text { max_chars: usize },
}

/// The values a numeric question may take, as the engine checks them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    Whole(i64, i64),
    Decimal(f64, f64),
}

impl Range {
    pub fn whole((lo, hi): (i64, i64)) -> Range {
        Range::Whole(lo, hi)
    }

    pub fn decimal((lo, hi): (f64, f64)) -> Range {
        Range::Decimal(lo, hi)
    }

    fn bounds(self) -> (f64, f64) {
        match self {
            Range::Whole(lo, hi) => (lo as f64, hi as f64),
            Range::Decimal(lo, hi) => (lo, hi),
        }
    }
}

/// What to say about a number that is not one, or is out of range. `{lo}` and `{hi}` are
/// replaced by the range's ends, so no message repeats a limit.
#[derive(Debug, Clone, Copy)]
pub struct NumberWords {
    pub not_a_number: &'static str,
    pub too_low: &'static str,
    pub too_high: &'static str,
}

impl NumberWords {
    const fn all(words: &'static str) -> NumberWords {
        NumberWords {
            not_a_number: words,
            too_low: words,
            too_high: words,
        }
    }
}

/// One question of the wizard.
pub struct Question {
    /// The form field's name (what the browser posts).
    pub key: String,
    /// The step it is asked on, from 1.
    pub step: usize,
    /// The contract path it fills: `pain.now`; `fears[].rating` for a numbered row (see
    /// [`Question::row`]); `red_flags.*` when each ticked option is a field of that object;
    /// empty when the answer only steers the wizard.
    pub path: &'static str,
    /// For `list[].field` paths: the row's number in the form (`fear2` is row 2). Rows left
    /// empty are not sent, so the engine's index counts only the filled rows.
    pub row: usize,
    pub label: String,
    pub hint: &'static str,
    pub control: Control,
    pub range: Option<Range>,
    /// The message when a required answer is missing (`{lo}` and `{hi}` as in [`NumberWords`]);
    /// `None` for an optional question.
    pub required: Option<&'static str>,
    pub words: NumberWords,
}

impl Question {
    fn new(
        step: usize,
        key: impl Into<String>,
        path: &'static str,
        label: impl Into<String>,
        control: Control,
    ) -> Question {
        Question {
            key: key.into(),
            step,
            path,
            row: 0,
            label: label.into(),
            hint: "",
            control,
            range: None,
            required: None,
            words: NumberWords::all("Enter a number from {lo} to {hi}."),
        }
    }

    fn range(mut self, range: Range) -> Question {
        if let Range::Whole(..) = range {
            self.words = NumberWords::all("Enter a whole number from {lo} to {hi}.");
        }
        self.range = Some(range);
        self
    }

    fn required(mut self, message: &'static str) -> Question {
        self.required = Some(message);
        self
    }

    fn hint(mut self, hint: &'static str) -> Question {
        self.hint = hint;
        self
    }

    fn row(mut self, row: usize) -> Question {
        self.row = row;
        self
    }

    fn words(mut self, words: NumberWords) -> Question {
        self.words = words;
        self
    }

    /// The control, empty, as the template renders it.
    pub fn blank(&self) -> Field {
        let (lo, hi) = self.range.map(Range::bounds).unwrap_or((0.0, 0.0));
        let f = match &self.control {
            Control::Number => {
                let step = match self.range {
                    Some(Range::Whole(..)) => "1",
                    _ => "any",
                };
                Field::number(&self.key, &self.label, lo, hi, step)
            }
            Control::Scale { step, low, high } => {
                Field::scale(&self.key, &self.label, hi as u32, *step, low, high)
            }
            Control::Radios(options) => Field::radios(&self.key, &self.label, options()),
            Control::Checks(options) => Field::checks(&self.key, &self.label, options()),
            Control::Text { max_chars } => {
                Field::text(&self.key, &self.label).maxlength(*max_chars)
            }
        };
        let f = f.hint(self.hint);
        if self.required.is_some() {
            f.required()
        } else {
            f
        }
    }

    /// A message with the range's ends filled in.
    pub fn say(&self, words: &str) -> String {
        let (lo, hi) = match self.range {
            Some(Range::Whole(lo, hi)) => (lo.to_string(), hi.to_string()),
            Some(Range::Decimal(lo, hi)) => (lo.to_string(), hi.to_string()),
            None => (String::new(), String::new()),
        };
        words.replace("{lo}", &lo).replace("{hi}", &hi)
    }
}

const DURATIONS: &[(&str, &str)] = &[
    ("0.5", "Less than a week"),
    ("1.5", "1 to 2 weeks"),
    ("4", "2 to 6 weeks"),
    ("9", "6 to 12 weeks"),
    ("18", "3 to 6 months"),
    ("39", "6 months to a year"),
    ("78", "More than a year"),
];

const SETTLE: &[(&str, &str)] = &[
    ("5", "Within a few minutes"),
    ("20", "Within half an hour"),
    ("90", "Within an hour or two"),
    ("240", "It takes several hours"),
    ("1440", "Not until the next day, or longer"),
];

const ENJOYS: &[&str] = &[
    "walking",
    "swimming",
    "cycling",
    "yoga",
    "pilates",
    "gardening",
    "dancing",
    "running",
    "strength training",
];

fn opts(list: &[(&str, &str)]) -> Vec<Opt> {
    list.iter().map(|(v, l)| Opt::new(*v, *l)).collect()
}

fn yes_no() -> Vec<Opt> {
    vec![Opt::new("yes", "Yes"), Opt::new("no", "No")]
}

fn flags(group: &str) -> Vec<Opt> {
    RED_FLAGS
        .iter()
        .filter(|(g, _, _)| *g == group)
        .map(|(_, c, w)| Opt::new(*c, *w))
        .collect()
}

const PAIN_LOW: &str = "no pain";
const PAIN_HIGH: &str = "worst pain imaginable";

/// Every question, in the order the steps ask them.
pub static QUESTIONS: LazyLock<Vec<Question>> = LazyLock::new(table);

fn table() -> Vec<Question> {
    use Control::*;
    let text = Text {
        max_chars: limits::TEXT_CHARS,
    };
    let mut t = vec![
        // 1. About you and where it hurts
        Question::new(1, "age", "age", "How old are you?", Number)
            .range(Range::whole(limits::AGE))
            .hint("In years. Gradus is for adults.")
            .required("Enter your age in years.")
            .words(NumberWords {
                not_a_number: "Enter your age as a whole number, like 45.",
                too_low: "Gradus is for adults: you need to be {lo} or over.",
                too_high: "Enter an age from {lo} to {hi}.",
            }),
        Question::new(
            1,
            "regions",
            "regions",
            "Where does it hurt?",
            Checks(|| {
                Region::ALL
                    .iter()
                    .map(|r| Opt::new(r.as_str(), labels::region(*r)))
                    .collect()
            }),
        )
        .hint("Tick every place that hurts.")
        .required("Tick at least one place that hurts."),
        Question::new(
            1,
            "condition",
            "condition",
            "Has a doctor or physiotherapist told you what it is?",
            Radios(|| {
                std::iter::once(Opt::new("", "No, or I am not sure"))
                    .chain(
                        Condition::ALL
                            .iter()
                            .map(|c| Opt::new(c.as_str(), labels::condition(*c))),
                    )
                    .collect()
            }),
        )
        .hint("If nobody has told you, that is fine: most back and neck pain has no single cause."),
        Question::new(
            1,
            "duration_weeks",
            "duration_weeks",
            "How long has this episode lasted?",
            Radios(|| opts(DURATIONS)),
        )
        .range(Range::decimal(limits::DURATION_WEEKS))
        .required("Choose how long it has lasted."),
        // 2. How much it hurts
        Question::new(
            2,
            "pain_now",
            "pain.now",
            "How much does it hurt right now?",
            Scale { step: 1, low: PAIN_LOW, high: PAIN_HIGH },
        )
        .range(Range::whole(limits::PAIN))
        .required("Choose how much it hurts now, from {lo} to {hi}."),
        Question::new(
            2,
            "pain_average",
            "pain.average",
            "On average over the past week?",
            Scale { step: 1, low: PAIN_LOW, high: PAIN_HIGH },
        )
        .range(Range::whole(limits::PAIN))
        .required("Choose your average pain, from {lo} to {hi}."),
        Question::new(
            2,
            "pain_worst",
            "pain.worst",
            "At its worst in the past week?",
            Scale { step: 1, low: PAIN_LOW, high: PAIN_HIGH },
        )
        .range(Range::whole(limits::PAIN))
        .required("Choose your worst pain, from {lo} to {hi}."),
        Question::new(
            2,
            "rest_or_night_pain",
            "rest_or_night_pain",
            "Is the pain there all the time, even when you rest or at night?",
            Radios(yes_no),
        )
        .required("Answer yes or no."),
        // 3. How easily it flares up
        Question::new(
            3,
            "provoked_by",
            "irritability.provoked_by",
            "How much activity does it take to bring the pain on or make it worse?",
            Radios(|| {
                vec![
                    Opt::new("minimal", "Very little").hint("Small movements, or sitting or standing for a short while, set it off."),
                    Opt::new("moderate", "A moderate amount").hint("A walk, some housework or an hour at a desk sets it off."),
                    Opt::new("substantial", "A lot").hint("Only long or hard activity sets it off."),
                ]
            }),
        )
        .required("Choose how much activity brings it on."),
        Question::new(
            3,
            "settle_minutes",
            "irritability.settle_minutes",
            "Once it has flared up, how long does it take to settle back to your usual level?",
            Radios(|| opts(SETTLE)),
        )
        .range(Range::decimal(limits::SETTLE_MINUTES))
        .required("Choose how long it takes to settle."),
        // 4. Nerve symptoms
        Question::new(
            4,
            "radiating",
            "nerve.radiating",
            "Does the pain spread away from where it started?",
            Radios(|| {
                vec![
                    Opt::new("none", "No, it stays in one place"),
                    Opt::new("above_knee", "Into the buttock or thigh, but not below the knee"),
                    Opt::new("below_knee", "Below the knee, into the calf or foot"),
                    Opt::new("arm", "Into the arm or hand"),
                ]
            }),
        )
        .required("Choose whether the pain spreads."),
        Question::new(
            4,
            "numbness_or_tingling",
            "nerve.numbness_or_tingling",
            "Do you have numbness or pins and needles in an arm or a leg?",
            Radios(yes_no),
        )
        .required("Answer yes or no."),
        Question::new(
            4,
            "weakness",
            "nerve.weakness",
            "Has an arm or a leg become weak (for example a foot that catches or a hand that drops things)?",
            Radios(|| {
                vec![
                    Opt::new("none", "No"),
                    Opt::new("stable", "Yes, but it is not getting worse"),
                    Opt::new("progressive", "Yes, and it is getting worse"),
                ]
            }),
        )
        .required("Choose whether an arm or leg has become weak."),
        Question::new(
            4,
            "centralises_with",
            "nerve.centralises_with",
            "Does one movement, repeated a few times, draw the pain out of your leg or arm back towards your spine?",
            Radios(|| {
                vec![
                    Opt::new("", "I do not know, or nothing does that"),
                    Opt::new("extension", "Yes: bending backwards, or lying on my front and pushing up"),
                    Opt::new("flexion", "Yes: bending forwards"),
                ]
            }),
        ),
        // 5. Warning signs (the cross-field rule is `answers::warning_signs`)
        Question::new(5, "rf_back", "red_flags.*", "Your back, legs, bladder and bowel", Checks(|| flags("back"))),
        Question::new(5, "rf_neck", "red_flags.*", "Your arms, hands, head and neck", Checks(|| flags("neck"))),
        Question::new(5, "rf_body", "red_flags.*", "How you feel in general", Checks(|| flags("body"))),
        Question::new(5, "rf_history", "red_flags.*", "Your health history", Checks(|| flags("history"))),
        Question::new(
            5,
            "rf_none",
            "",
            "If none of these apply",
            Checks(|| vec![Opt::new("yes", "None of these apply to me")]),
        ),
        // 6. Operations and bone health
        Question::new(
            6,
            "surgery",
            "history.surgery",
            "Have you had an operation that could matter here?",
            Radios(|| {
                vec![
                    Opt::new("none", "No"),
                    Opt::new("discectomy", "Yes: a disc operation (discectomy)"),
                    Opt::new("spinal_fusion", "Yes: a spinal fusion"),
                    Opt::new("other_spinal", "Yes: another operation on my spine"),
                    Opt::new("other", "Yes: an operation somewhere else"),
                ]
            }),
        )
        .required("Choose whether you have had an operation."),
        Question::new(
            6,
            "weeks_since_surgery",
            "history.weeks_since_surgery",
            "If you had an operation: how many weeks ago was it?",
            Number,
        )
        .range(Range::decimal(limits::WEEKS_SINCE_SURGERY))
        .hint("Needed if it was on your spine."),
        Question::new(
            6,
            "hist",
            "history.*",
            "Do any of these apply to you?",
            Checks(|| {
                vec![
                    Opt::new("osteoporosis", "Osteoporosis, or thin bones"),
                    Opt::new("long_term_steroids", "Taking steroid tablets for 3 months or more"),
                    Opt::new("rheumatoid_arthritis", "Rheumatoid arthritis"),
                    Opt::new("vertebral_fracture", "A broken bone in the spine (vertebral fracture)"),
                ]
            }),
        ),
        Question::new(
            6,
            "infl",
            "inflammatory.*",
            "If your back hurts: which of these describe it?",
            Checks(|| {
                vec![
                    Opt::new("onset_under_40", "It first started before I was 40"),
                    Opt::new("gradual_onset", "It came on gradually, not after an injury"),
                    Opt::new("better_with_exercise", "It gets better when I move or exercise"),
                    Opt::new("not_better_with_rest", "Resting does not make it better"),
                    Opt::new("night_pain_better_on_rising", "It wakes me in the second half of the night and eases once I get up"),
                ]
            }),
        ),
    ];
    // 7. What worries you; 8. What you want to get back to. Three optional rows each (the
    // cross-field rule is `answers::rated_rows`).
    for i in 1..=3 {
        t.push(
            Question::new(
                7,
                format!("fear{i}"),
                "fears[].activity",
                format!("Activity {i}"),
                text,
            )
            .row(i)
            .hint(if i == 1 {
                "For example: bending to pick up a box."
            } else {
                ""
            }),
        );
        t.push(
            Question::new(
                7,
                format!("fear{i}_rating"),
                "fears[].rating",
                format!("How harmful does activity {i} feel for your back or body?"),
                Scale {
                    step: 10,
                    low: "not harmful at all",
                    high: "extremely harmful",
                },
            )
            .row(i)
            .range(Range::whole(limits::FEAR_RATING)),
        );
    }
    for i in 1..=3 {
        t.push(
            Question::new(
                8,
                format!("goal{i}"),
                "goals[].activity",
                format!("Activity {i}"),
                text,
            )
            .row(i)
            .hint(if i == 1 {
                "For example: gardening for an hour."
            } else {
                ""
            }),
        );
        t.push(
            Question::new(
                8,
                format!("goal{i}_ability"),
                "goals[].ability",
                format!("How well can you do activity {i} now?"),
                Scale {
                    step: 1,
                    low: "cannot do it at all",
                    high: "as well as before the pain",
                },
            )
            .row(i)
            .range(Range::whole(limits::GOAL_ABILITY)),
        );
    }
    // 9. Your time, your kit and what you enjoy
    t.extend([
        Question::new(
            9,
            "minutes_per_session",
            "availability.minutes_per_session",
            "How many minutes can you give a session?",
            Radios(|| {
                ["5", "10", "15", "20", "30", "45"]
                    .iter()
                    .map(|m| Opt::new(*m, format!("{m} minutes")))
                    .collect()
            }),
        )
        .range(Range::whole(limits::MINUTES_PER_SESSION))
        .required("Choose how many minutes you have."),
        Question::new(
            9,
            "sessions_per_week",
            "availability.sessions_per_week",
            "On how many days a week?",
            Radios(|| {
                (1..=7)
                    .map(|d| {
                        Opt::new(
                            d.to_string(),
                            if d == 1 {
                                "1 day".to_string()
                            } else {
                                format!("{d} days")
                            },
                        )
                    })
                    .collect()
            }),
        )
        .range(Range::whole(limits::SESSIONS_PER_WEEK))
        .required("Choose how many days a week."),
        Question::new(
            9,
            "equipment",
            "equipment",
            "What do you have?",
            Checks(|| {
                Equipment::ALL
                    .iter()
                    .map(|e| Opt::new(e.as_str(), labels::equipment(*e)))
                    .collect()
            }),
        ),
        Question::new(
            9,
            "enjoys",
            "activity.enjoys",
            "Which activities do you enjoy?",
            Checks(|| {
                ENJOYS
                    .iter()
                    .map(|e| Opt::new(*e, labels::humanize(e)))
                    .collect()
            }),
        ),
        // Shares its path with `enjoys`; declared after it, so the engine's errors about that
        // list land here, on the only part of it a person can type wrongly.
        Question::new(
            9,
            "enjoys_other",
            "activity.enjoys",
            "Anything else you enjoy?",
            text,
        ),
        Question::new(
            9,
            "sedentary_hours",
            "activity.sedentary_hours",
            "About how many hours a day do you spend sitting?",
            Number,
        )
        .range(Range::decimal(limits::SEDENTARY_HOURS)),
        Question::new(
            9,
            "walking_minutes",
            "activity.walking_minutes",
            "How many minutes can you walk before the pain stops you?",
            Number,
        )
        .range(Range::decimal(limits::WALKING_MINUTES))
        .hint("Enter 0 if walking itself hurts."),
    ]);
    t.extend(start_back_questions());
    t
}

/// The STarT Back tool's own wording (content/measures/start_back.toml), read once.
static START_BACK: LazyLock<Option<gradus_content::measures::StartBackText>> =
    LazyLock::new(|| gradus_content::measures::start_back().ok());

/// The step the STarT Back questions are asked on.
pub const START_BACK_STEP: usize = 10;

/// The Keele STarT Back Screening Tool's nine items, unmodified, on a step of their own. All are
/// optional (the tool is for low back pain only); once one is answered the engine asks for the
/// rest by name.
fn start_back_questions() -> Vec<Question> {
    use gradus_core::measures::start_back::ITEM_FIELDS;
    let Some(sb) = START_BACK.as_ref() else {
        return Vec::new();
    };
    ITEM_FIELDS
        .iter()
        .enumerate()
        .map(|(n, field)| {
            // The table lives for the whole run, so its paths may be made once and kept.
            let path: &'static str = Box::leak(format!("start_back.{field}").into_boxed_str());
            let label = sb.items.get(n).map_or_else(String::new, |i| i.text.clone());
            let control = if n < 8 {
                Control::Radios(agree_disagree)
            } else {
                Control::Radios(bothersome)
            };
            let q = Question::new(START_BACK_STEP, format!("sb_{field}"), path, label, control);
            if n == 8 {
                q.hint(gradus_content::measures::START_BACK_COPYRIGHT)
            } else {
                q
            }
        })
        .collect()
}

fn agree_disagree() -> Vec<Opt> {
    let (agree, disagree) = START_BACK.as_ref().map_or(("Agree", "Disagree"), |t| {
        (t.agree.as_str(), t.disagree.as_str())
    });
    vec![Opt::new("agree", agree), Opt::new("disagree", disagree)]
}

fn bothersome() -> Vec<Opt> {
    use gradus_core::measures::Bothersomeness;
    let labels: Vec<String> = START_BACK
        .as_ref()
        .and_then(|t| t.items.get(8))
        .map(|i| i.options.clone())
        .unwrap_or_default();
    Bothersomeness::ALL
        .iter()
        .enumerate()
        .map(|(n, b)| {
            let label = labels
                .get(n)
                .cloned()
                .unwrap_or_else(|| b.as_str().replace('_', " "));
            Opt::new(b.as_str(), label)
        })
        .collect()
}

/// The question with this form key.
pub fn question(key: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.key == key)
}

/// The step a form key is asked on.
pub fn step_of(key: &str) -> Option<usize> {
    question(key).map(|q| q.step)
}

/// The questions of one step, in order.
pub fn on_step(step: usize) -> impl Iterator<Item = &'static Question> {
    QUESTIONS.iter().filter(move |q| q.step == step)
}

/// A numbered row of a list (`fears`, `goals`): its activity and its rating question.
pub struct Row {
    pub list: &'static str,
    pub number: usize,
    pub activity: &'static Question,
    pub rating: &'static Question,
}

/// Every row the table declares, read off the `list[].field` paths.
pub fn rows() -> Vec<Row> {
    let rated = |q: &&Question| q.path.contains("[].") && !q.path.ends_with("[].activity");
    QUESTIONS
        .iter()
        .filter(rated)
        .filter_map(|rating| {
            let list = rating.path.split_once("[].")?.0;
            let activity = QUESTIONS.iter().find(|q| {
                q.row == rating.row && q.path.strip_suffix("[].activity") == Some(list)
            })?;
            Some(Row {
                list,
                number: rating.row,
                activity,
                rating,
            })
        })
        .collect()
}

/// True when a row is sent to the engine: both its activity and its rating are answered.
pub fn row_filled(row: &Row, a: &FormData) -> bool {
    a.text(&row.activity.key).is_some() && a.text(&row.rating.key).is_some()
}

/// Where an engine error about a contract path belongs in the wizard: the question declaring
/// that path (for a shared path, the last one declaring it). Row indexes count filled rows only,
/// as the built intake does. An unknown path falls back to its first segment, which no step
/// owns, so its message is still shown on the last step.
pub fn key_for_path(path: &str, a: &FormData) -> String {
    let mut found: Option<&Question> = None;
    for q in QUESTIONS.iter().filter(|q| !q.path.is_empty()) {
        let hit = if let Some(prefix) = q.path.strip_suffix('*') {
            path.strip_prefix(prefix)
                .is_some_and(|field| q.blank().options.iter().any(|o| o.value == field))
        } else if let Some((list, field)) = q.path.split_once("[].") {
            indexed(path, list, field).is_some_and(|i| {
                rows()
                    .iter()
                    .filter(|r| r.list == list && row_filled(r, a))
                    .nth(i)
                    .is_some_and(|r| r.number == q.row)
            })
        } else {
            path == q.path
                || path
                    .strip_prefix(q.path)
                    .is_some_and(|rest| rest.starts_with(['.', '[']))
        };
        if hit {
            found = Some(q);
        }
    }
    match found {
        Some(q) => q.key.clone(),
        None => path.split(['.', '[']).next().unwrap_or("").to_string(),
    }
}

/// `fears[2].rating` with list `fears` and field `rating` → 2.
fn indexed(path: &str, list: &str, field: &str) -> Option<usize> {
    let rest = path.strip_prefix(list)?.strip_prefix('[')?;
    let (idx, rest) = rest.split_once("].")?;
    (rest == field).then_some(())?;
    idx.parse().ok()
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::super::LAST;
    use super::super::tests::{disc_flare, with};
    use super::*;

    /// The wizard with every fear and goal row filled, so each row reaches the engine.
    fn every_row() -> FormData {
        let mut a = disc_flare();
        for row in rows() {
            a = with(
                a,
                &row.activity.key,
                &format!("{} {}", row.list, row.number),
            );
            a = with(a, &row.rating.key, "1");
        }
        a
    }

    #[test]
    fn every_key_is_unique_and_on_one_asking_step() {
        let mut seen = HashSet::new();
        for q in QUESTIONS.iter() {
            assert!(seen.insert(q.key.as_str()), "{} is declared twice", q.key);
            assert!(
                (1..LAST).contains(&q.step),
                "{} is on step {}",
                q.key,
                q.step
            );
            assert_eq!(step_of(&q.key), Some(q.step));
        }
        assert_eq!(step_of("csrf"), None);
        assert_eq!(step_of("step"), None);
    }

    #[test]
    fn every_required_question_has_a_message_and_can_be_missed() {
        for q in QUESTIONS.iter() {
            if let Some(m) = q.required {
                assert!(m.len() > 5 && m.ends_with('.'), "{}: {m:?}", q.key);
                // A choice offering "" as an answer could never be missing.
                assert!(
                    !q.blank().options.iter().any(|o| o.value.is_empty()),
                    "{}",
                    q.key
                );
                assert!(
                    q.blank().required,
                    "{} is not marked required on the page",
                    q.key
                );
            } else {
                assert!(!q.blank().required, "{}", q.key);
            }
        }
    }

    #[test]
    fn numeric_choices_lie_within_their_range() {
        for q in QUESTIONS.iter() {
            let Some(range) = q.range else { continue };
            let f = q.blank();
            if !f.is_group() {
                continue;
            }
            let (lo, hi) = range.bounds();
            for o in &f.options {
                let v = match range {
                    Range::Whole(..) => o.value.parse::<i64>().map(|v| v as f64).ok(),
                    Range::Decimal(..) => o.value.parse::<f64>().ok(),
                };
                let v = v.unwrap_or_else(|| panic!("{}: {:?} is not a number", q.key, o.value));
                assert!(v >= lo && v <= hi, "{}: {v} outside {lo}..={hi}", q.key);
            }
            if let Control::Scale { .. } = q.control {
                assert_eq!(f.options[0].value, lo.to_string(), "{}", q.key);
                assert_eq!(f.options.last().unwrap().value, hi.to_string(), "{}", q.key);
            }
        }
    }

    #[test]
    fn text_lengths_are_the_engines() {
        for q in QUESTIONS.iter() {
            if let Control::Text { max_chars } = q.control {
                assert_eq!(max_chars, limits::TEXT_CHARS, "{}", q.key);
                assert_eq!(q.blank().maxlength, limits::TEXT_CHARS, "{}", q.key);
            }
        }
    }

    #[test]
    fn every_contract_path_maps_back_to_its_key() {
        let a = every_row();
        // Only these paths are filled by more than one question; see `enjoys_other`.
        let shared: HashMap<&str, &str> = [("activity.enjoys", "enjoys_other")].into();
        let mut tried = 0;
        for q in QUESTIONS.iter().filter(|q| !q.path.is_empty()) {
            let examples: Vec<String> = if let Some(prefix) = q.path.strip_suffix('*') {
                q.blank()
                    .options
                    .iter()
                    .map(|o| format!("{prefix}{}", o.value))
                    .collect()
            } else if let Some((list, field)) = q.path.split_once("[].") {
                // Every row is filled, so row n is the engine's index n - 1.
                vec![format!("{list}[{}].{field}", q.row - 1)]
            } else {
                vec![q.path.to_string(), format!("{}[0]", q.path)]
            };
            let want = shared.get(q.path).copied().unwrap_or(&q.key);
            for path in examples {
                assert_eq!(key_for_path(&path, &a), want, "{path}");
                tried += 1;
            }
        }
        assert!(tried > QUESTIONS.len());
    }

    #[test]
    fn row_indexes_skip_rows_left_empty() {
        // Only the third fear is filled: the engine's fears[0] is fear3.
        let a = with(
            with(FormData::default(), "fear3", "lifting"),
            "fear3_rating",
            "50",
        );
        assert_eq!(key_for_path("fears[0].rating", &a), "fear3_rating");
        assert_eq!(key_for_path("fears[0].activity", &a), "fear3");
        assert_eq!(rows().len(), 6);
    }
}
