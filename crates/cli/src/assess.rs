//! `gradus assess [--json] FILE|-`

use gradus_core::{IntakeInput, Settings};

use crate::{Failure, input, render};

pub fn run(path: &str, json: bool) -> Result<String, Failure> {
    let text = input::read(path)?;
    let intake: IntakeInput =
        gradus_content::json::document(&text).map_err(|e| Failure::Input(e.to_string()))?;
    let lib = input::library()?;
    let assessment = gradus_core::assess(&intake, &lib, &Settings::default())
        .map_err(|e| Failure::Input(e.to_string()))?;
    if json {
        input::to_json(&assessment)
    } else {
        Ok(render::assessment(&assessment, &lib))
    }
}
