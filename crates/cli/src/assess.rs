//! `gradus assess [--json] [--today YYYY-MM-DD] FILE|-`

use gradus_core::day::Day;
use gradus_core::{IntakeInput, Settings};

use crate::{Failure, input, render};

pub fn run(path: &str, json: bool, today: Option<&str>) -> Result<String, Failure> {
    let text = input::read(path)?;
    let intake: IntakeInput =
        gradus_content::json::document(&text).map_err(|e| Failure::Input(e.to_string()))?;
    let today = match today {
        Some(t) => Day::parse(t).map_err(|m| Failure::Input(format!("--today: {m}")))?,
        None => gradus_app::clock::today(),
    };
    let lib = input::library()?;
    let assessment = gradus_core::assess_on(&intake, &lib, &Settings::default(), today)
        .map_err(|e| Failure::Input(e.to_string()))?;
    if json {
        input::to_json(&assessment)
    } else {
        Ok(render::assessment(&assessment, &lib))
    }
}
