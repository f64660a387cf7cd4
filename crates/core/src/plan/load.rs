//! What an exercise is done against, as figures a program can compare and words a person can
//! follow. Tendon tables are written in repetition maximums and kilograms (Rathleff 2015: 12RM,
//! then 10RM and 8RM with a backpack; Coombes 2015: more resistance each step), so a plan item
//! carries `rm` and `kg` beside the words, and a review or a clinic's system can see that the load
//! rose without reading English. Content files keep one line of text per level ("8RM + backpack
//! with 2 kg"), which a clinician edits; the figures are read from it.

use serde::{Deserialize, Deserializer, Serialize};

/// The load of a plan item: `{ "rm": 12 }`, `{ "kg": 5 }`, or both, with the words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Load {
    /// Repetition maximum: a weight that makes this many repetitions about the most you can do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rm: Option<u8>,
    /// Added weight in kilograms (a dumbbell, or a filled bottle or backpack of about this much).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kg: Option<f64>,
    /// The load in words, e.g. "10RM + backpack" or "bag holding two filled 1.5-litre bottles
    /// (about 3 kg)".
    pub text: String,
}

impl Load {
    /// Reads the figures out of a content line: "12RM", "8RM + backpack with 2 kg", "about 2.5
    /// kg", "1 kg dumbbell". A line with neither keeps only its words.
    pub fn from_text(text: &str) -> Load {
        Load {
            rm: number_before(text, "RM")
                .and_then(|n| (n.fract() == 0.0 && (1.0..=100.0).contains(&n)).then_some(n as u8)),
            kg: number_before(text, "kg"),
            text: text.to_string(),
        }
    }
}

impl std::fmt::Display for Load {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The last number written right before `unit` (a space between is allowed): "2.5 kg" → 2.5.
fn number_before(text: &str, unit: &str) -> Option<f64> {
    let mut found = None;
    let mut from = 0;
    while let Some(at) = text[from..].find(unit).map(|i| i + from) {
        from = at + unit.len();
        // The unit must end a word: "kg" in "kgs" counts, "RM" inside "RMS" does not matter.
        let head = text[..at].trim_end();
        let digits: String = head
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect::<String>()
            .chars()
            .rev()
            .collect();
        if let Ok(n) = digits.trim_start_matches('.').parse::<f64>() {
            found = Some(n);
        }
    }
    found
}

/// Older plans stored the load as words only; they read back with the figures taken from them.
impl<'de> Deserialize<'de> for Load {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Words(String),
            Figures {
                #[serde(default)]
                rm: Option<u8>,
                #[serde(default)]
                kg: Option<f64>,
                #[serde(default)]
                text: Option<String>,
            },
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Words(w) => Load::from_text(&w),
            Stored::Figures { rm, kg, text } => {
                let text = text.unwrap_or_else(|| match (rm, kg) {
                    (Some(r), Some(k)) => format!("{r}RM, {k} kg"),
                    (Some(r), None) => format!("{r}RM"),
                    (None, Some(k)) => format!("{k} kg"),
                    (None, None) => String::new(),
                });
                Load { rm, kg, text }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_from_the_content_line() {
        let l = Load::from_text("12RM");
        assert_eq!((l.rm, l.kg), (Some(12), None));
        let l = Load::from_text("8RM + backpack with 2 kg");
        assert_eq!((l.rm, l.kg), (Some(8), Some(2.0)));
        let l = Load::from_text("bag holding two filled 1.5-litre bottles (about 3 kg)");
        assert_eq!((l.rm, l.kg), (None, Some(3.0)));
        let l = Load::from_text("1 kg dumbbell");
        assert_eq!(l.kg, Some(1.0));
        let l = Load::from_text("about 2.5 kg");
        assert_eq!(l.kg, Some(2.5));
        let l = Load::from_text("light resistance band just above the knees");
        assert_eq!((l.rm, l.kg), (None, None));
        assert_eq!(l.to_string(), "light resistance band just above the knees");
    }

    #[test]
    fn stored_words_and_figures_both_read_back() {
        let old: Load = serde_json::from_str("\"10RM + backpack\"").unwrap();
        assert_eq!(
            (old.rm, old.kg, old.text.as_str()),
            (Some(10), None, "10RM + backpack")
        );
        let new: Load = serde_json::from_str(r#"{ "kg": 5 }"#).unwrap();
        assert_eq!(
            (new.rm, new.kg, new.text.as_str()),
            (None, Some(5.0), "5 kg")
        );
        let both: Load = serde_json::from_str(r#"{ "rm": 12, "text": "12RM" }"#).unwrap();
        assert_eq!(
            serde_json::to_string(&both).unwrap(),
            r#"{"rm":12,"text":"12RM"}"#
        );
        assert!(serde_json::from_str::<Load>("12").is_err());
    }
}
