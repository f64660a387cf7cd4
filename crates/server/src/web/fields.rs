//! Form fields: the posted pairs, and a small description of each control that one template
//! (`fields.html`) renders with its label, hint and error wired up for screen readers.

/// The fields of a posted form, in order (repeated names, such as ticked boxes, stay apart).
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// The first value of a field.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The first value, trimmed, when it is not empty.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).map(str::trim).filter(|v| !v.is_empty())
    }

    /// Every value of a field.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A whole number in a range, or the message to show next to the field.
    pub fn int(&self, key: &str, lo: i64, hi: i64) -> Result<Option<i64>, String> {
        match self.text(key) {
            None => Ok(None),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if (lo..=hi).contains(&n) => Ok(Some(n)),
                Ok(_) => Err(format!("Enter a whole number from {lo} to {hi}.")),
                Err(_) => Err(format!("Enter a whole number from {lo} to {hi}.")),
            },
        }
    }

    /// A number (decimals allowed, comma or point) in a range.
    pub fn num(&self, key: &str, lo: f64, hi: f64) -> Result<Option<f64>, String> {
        match self.text(key) {
            None => Ok(None),
            Some(v) => match v.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() && n >= lo && n <= hi => Ok(Some(n)),
                _ => Err(format!("Enter a number from {lo} to {hi}.")),
            },
        }
    }
}

/// One choice of a radio group or a set of boxes.
#[derive(Debug, Clone)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub hint: String,
    pub checked: bool,
}

impl Opt {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Opt {
        Opt {
            value: value.into(),
            label: label.into(),
            hint: String::new(),
            checked: false,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Opt {
        self.hint = hint.into();
        self
    }
}

/// One control on a form page.
#[derive(Debug, Clone)]
pub struct Field {
    /// number | text | radios | checks | scale | heading
    pub kind: &'static str,
    pub key: String,
    pub label: String,
    pub hint: String,
    pub value: String,
    pub options: Vec<Opt>,
    pub error: Option<String>,
    pub min: String,
    pub max: String,
    pub step: String,
    /// For scales: the words at each end.
    pub low: String,
    pub high: String,
    pub required: bool,
    /// For text inputs: the autocomplete token.
    pub autocomplete: &'static str,
    /// For text inputs: the most characters the browser lets a person type.
    pub maxlength: usize,
}

impl Field {
    fn base(kind: &'static str, key: &str, label: &str) -> Field {
        Field {
            kind,
            key: key.to_string(),
            label: label.to_string(),
            hint: String::new(),
            value: String::new(),
            options: Vec::new(),
            error: None,
            min: String::new(),
            max: String::new(),
            step: String::new(),
            low: String::new(),
            high: String::new(),
            required: false,
            autocomplete: "off",
            maxlength: 200,
        }
    }

    pub fn number(key: &str, label: &str, min: f64, max: f64, step: &str) -> Field {
        let mut f = Field::base("number", key, label);
        f.min = fmt_num(min);
        f.max = fmt_num(max);
        f.step = step.to_string();
        f
    }

    pub fn text(key: &str, label: &str) -> Field {
        Field::base("text", key, label)
    }

    pub fn radios(key: &str, label: &str, options: Vec<Opt>) -> Field {
        let mut f = Field::base("radios", key, label);
        f.options = options;
        f
    }

    pub fn checks(key: &str, label: &str, options: Vec<Opt>) -> Field {
        let mut f = Field::base("checks", key, label);
        f.options = options;
        f
    }

    /// A 0..=max scale of large radio buttons, stepping by `step`.
    pub fn scale(key: &str, label: &str, max: u32, step: u32, low: &str, high: &str) -> Field {
        let mut f = Field::base("scale", key, label);
        f.options = (0..=max)
            .step_by(step.max(1) as usize)
            .map(|v| Opt::new(v.to_string(), v.to_string()))
            .collect();
        f.low = low.to_string();
        f.high = high.to_string();
        f
    }

    pub fn hint(mut self, hint: &str) -> Field {
        self.hint = hint.to_string();
        self
    }

    pub fn maxlength(mut self, chars: usize) -> Field {
        self.maxlength = chars;
        self
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Fills the field from posted values (ticks the chosen options).
    pub fn fill(mut self, form: &FormData) -> Field {
        match self.kind {
            "radios" | "scale" => {
                let v = form.get(&self.key).unwrap_or("");
                for o in &mut self.options {
                    o.checked = o.value == v;
                }
            }
            "checks" => {
                let vs = form.all(&self.key);
                for o in &mut self.options {
                    o.checked = vs.contains(&o.value.as_str());
                }
            }
            "heading" => {}
            _ => self.value = form.get(&self.key).unwrap_or("").to_string(),
        }
        self
    }

    pub fn with_error(mut self, error: Option<&String>) -> Field {
        self.error = error.cloned();
        self
    }

    /// The id of the element a summary link points at.
    pub fn anchor(&self) -> String {
        match self.kind {
            "radios" | "checks" | "scale" => format!("f-{}-0", self.key),
            _ => format!("f-{}", self.key),
        }
    }

    /// The ids that describe the control (hint and error).
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("h-{}", self.key));
        }
        if self.error.is_some() {
            ids.push(format!("e-{}", self.key));
        }
        ids.join(" ")
    }

    pub fn is_group(&self) -> bool {
        matches!(self.kind, "radios" | "checks" | "scale")
    }
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// An error to list at the top of a form, linking to its field.
#[derive(Debug, Clone)]
pub struct Problem {
    pub anchor: String,
    pub message: String,
}

/// The summary of a list of fields' errors.
pub fn problems(fields: &[Field]) -> Vec<Problem> {
    fields
        .iter()
        .filter_map(|f| {
            f.error.as_ref().map(|m| Problem {
                anchor: f.anchor(),
                message: m.clone(),
            })
        })
        .collect()
}
