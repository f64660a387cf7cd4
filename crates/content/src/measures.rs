//! The outcome measures' wording, embedded and checked: the STarT Back tool's items, its terms of
//! use and what each risk group means for care (`content/measures/start_back.toml`).
//!
//! The scoring lives in `gradus_core::measures`; this is the text a page shows next to it. The
//! file is embedded with `include_str!`, as `load` embeds the library, so one binary carries it.
//! Because the licence requires the items unmodified and with their copyright line, and because
//! each item's text must sit on the field that scores it, [`start_back`] refuses a file whose
//! items are not exactly the nine, in order, bound to the core's fields, or whose strata are not
//! exactly low, medium and high.
//!
//! File format (`content/measures/start_back.toml`):
//!
//! | field | meaning |
//! |---|---|
//! | `id`, `name` | `start_back`; the tool's name |
//! | `copyright` | Keele's copyright line, shown with the items |
//! | `licence` | the terms of use, in plain words |
//! | `applies_to` | who the tool is for (low back pain only) |
//! | `sources` | where the tool, its scoring and the matched care come from |
//! | `instructions` | shown above the items |
//! | `agree`, `disagree` | the two answers to items 1–8 |
//! | `[[items]]` | `number` (1–9), `field` (the core input field), `text`; item 9 also `options`, its five answers in the core's `Bothersomeness` order |
//! | `[[strata]]` | `stratum` (`low`, `medium`, `high`), `meaning` (for the person), `care` (for the care team), `source` |

use gradus_core::measures::Bothersomeness;
use gradus_core::measures::start_back::{ITEM_FIELDS, Stratum};
use serde::{Deserialize, Serialize};

use crate::ContentError;

const START_BACK: &str = include_str!("../../../content/measures/start_back.toml");

/// Keele's copyright line, which must accompany the items wherever they are shown.
pub const START_BACK_COPYRIGHT: &str = "© Keele University 01/08/07";

/// The STarT Back tool as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartBackText {
    pub id: String,
    pub name: String,
    pub copyright: String,
    pub licence: String,
    pub applies_to: String,
    pub sources: Vec<String>,
    pub instructions: String,
    pub agree: String,
    pub disagree: String,
    pub items: Vec<StartBackItem>,
    pub strata: Vec<StratumText>,
}

/// One item: its number, the input field that holds its answer, its wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartBackItem {
    pub number: u8,
    pub field: String,
    pub text: String,
    /// Item 9's five answers; empty for items 1–8, which are agree or disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// What a risk group means, for the person and for their care.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StratumText {
    pub stratum: Stratum,
    pub meaning: String,
    pub care: String,
    pub source: String,
}

impl StartBackText {
    /// The text for one stratum (every stratum has one: [`start_back`] checks it).
    pub fn stratum(&self, stratum: Stratum) -> &StratumText {
        self.strata
            .iter()
            .find(|s| s.stratum == stratum)
            .expect("checked by start_back(): every stratum has its text")
    }

    /// Item 9's label for an answer.
    pub fn bothersomeness_label(&self, answer: Bothersomeness) -> &str {
        let at = Bothersomeness::ALL
            .iter()
            .position(|b| *b == answer)
            .expect("ALL lists every answer");
        &self.items[8].options[at]
    }
}

/// The embedded STarT Back text, parsed and checked.
pub fn start_back() -> Result<StartBackText, ContentError> {
    parse_start_back(START_BACK)
}

/// Parses and checks a STarT Back file (the embedded one, or another in tests).
pub fn parse_start_back(text: &str) -> Result<StartBackText, ContentError> {
    let err = |message: String| ContentError::File {
        kind: "measures".into(),
        file: "start_back.toml".into(),
        message,
    };
    let t: StartBackText = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    let problems = check(&t);
    if problems.is_empty() {
        Ok(t)
    } else {
        Err(err(problems.join("; ")))
    }
}

fn check(t: &StartBackText) -> Vec<String> {
    let mut out = Vec::new();
    if t.id != "start_back" {
        out.push(format!("id: expected start_back, found {:?}", t.id));
    }
    if t.copyright != START_BACK_COPYRIGHT {
        out.push(format!(
            "copyright: expected {START_BACK_COPYRIGHT:?}, found {:?}",
            t.copyright
        ));
    }
    for (name, value) in [
        ("name", &t.name),
        ("licence", &t.licence),
        ("applies_to", &t.applies_to),
        ("instructions", &t.instructions),
        ("agree", &t.agree),
        ("disagree", &t.disagree),
    ] {
        if value.trim().is_empty() {
            out.push(format!("{name}: expected text, found none"));
        }
    }
    if t.sources.is_empty() {
        out.push("sources: expected at least one source".into());
    }
    if t.items.len() != ITEM_FIELDS.len() {
        out.push(format!(
            "items: expected {} items, found {}",
            ITEM_FIELDS.len(),
            t.items.len()
        ));
    }
    for (i, item) in t.items.iter().enumerate() {
        let at = format!("items[{i}]");
        if usize::from(item.number) != i + 1 {
            out.push(format!(
                "{at}.number: expected {}, found {}",
                i + 1,
                item.number
            ));
        }
        if let Some(field) = ITEM_FIELDS.get(i)
            && item.field != *field
        {
            out.push(format!(
                "{at}.field: expected {field} (the core's field for item {}), found {}",
                i + 1,
                item.field
            ));
        }
        if item.text.trim().is_empty() {
            out.push(format!(
                "{at}.text: expected the item's wording, found none"
            ));
        }
        let want = if i == 8 { Bothersomeness::ALL.len() } else { 0 };
        if item.options.len() != want || item.options.iter().any(|o| o.trim().is_empty()) {
            out.push(format!(
                "{at}.options: expected {want} answers, found {:?}",
                item.options
            ));
        }
    }
    let strata: Vec<Stratum> = t.strata.iter().map(|s| s.stratum).collect();
    if strata != Stratum::ALL {
        out.push(format!(
            "strata: expected low, medium and high once each, in that order, found {:?}",
            strata.iter().map(|s| s.as_str()).collect::<Vec<_>>()
        ));
    }
    for s in &t.strata {
        for (name, value) in [
            ("meaning", &s.meaning),
            ("care", &s.care),
            ("source", &s.source),
        ] {
            if value.trim().is_empty() {
                out.push(format!(
                    "strata.{}.{name}: expected text",
                    s.stratum.as_str()
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_loads_and_checks() {
        let t = start_back().unwrap();
        assert_eq!(t.items.len(), 9);
        assert_eq!(t.copyright, "© Keele University 01/08/07");
        let fields: Vec<&str> = t.items.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ITEM_FIELDS);
    }

    #[test]
    fn carries_the_terms_of_use() {
        let t = start_back().unwrap();
        let licence = t.licence.to_lowercase();
        assert!(licence.contains("non-commercial"), "{licence}");
        assert!(licence.contains("unmodified"), "{licence}");
        assert!(licence.contains("commercial use") && licence.contains("permission"));
        assert!(t.applies_to.to_lowercase().contains("neck pain"));
        assert!(t.sources.iter().any(|s| s.contains("2008;59")));
        assert!(t.sources.iter().any(|s| s.contains("2011;378")));
    }

    #[test]
    fn says_what_each_stratum_means_for_care() {
        let t = start_back().unwrap();
        assert!(t.stratum(Stratum::Low).care.contains("Self-management"));
        assert!(
            t.stratum(Stratum::Medium)
                .care
                .contains("Physiotherapy-led exercise")
        );
        assert!(
            t.stratum(Stratum::High)
                .care
                .contains("Psychologically informed physiotherapy")
        );
        for s in Stratum::ALL {
            assert!(t.stratum(*s).source.contains("Hill 2011"), "{s:?}");
        }
    }

    #[test]
    fn item_nine_labels_follow_the_core_answers() {
        let t = start_back().unwrap();
        assert_eq!(
            t.bothersomeness_label(Bothersomeness::NotAtAll),
            "Not at all"
        );
        assert_eq!(
            t.bothersomeness_label(Bothersomeness::VeryMuch),
            "Very much"
        );
        assert_eq!(
            t.bothersomeness_label(Bothersomeness::Extremely),
            "Extremely"
        );
    }

    #[test]
    fn refuses_a_file_with_items_out_of_step_with_the_core() {
        let swapped = START_BACK
            .replacen("field = \"fear\"", "field = \"FEAR\"", 1)
            .replacen("field = \"anxiety\"", "field = \"fear\"", 1)
            .replacen("field = \"FEAR\"", "field = \"anxiety\"", 1);
        let e = parse_start_back(&swapped).unwrap_err().to_string();
        assert!(e.contains("items[4].field: expected fear"), "{e}");
        assert!(e.contains("items[5].field: expected anxiety"), "{e}");
        assert!(e.starts_with("content/measures/start_back.toml: "), "{e}");
    }

    #[test]
    fn refuses_a_file_without_the_copyright_line_or_a_stratum() {
        let e = parse_start_back(&START_BACK.replace("01/08/07", "2024"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("copyright: expected"), "{e}");
        let cut = START_BACK
            .find("[[strata]]\nstratum = \"high\"")
            .expect("high stratum");
        let e = parse_start_back(&START_BACK[..cut])
            .unwrap_err()
            .to_string();
        assert!(e.contains("strata: expected low, medium and high"), "{e}");
    }

    #[test]
    fn refuses_unknown_fields_and_strata() {
        let e = parse_start_back(&format!("{START_BACK}\nnote = \"x\"\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("note"), "{e}");
        let e = parse_start_back(&START_BACK.replace("stratum = \"high\"", "stratum = \"severe\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("severe"), "{e}");
    }
}
