//! `gradus library [--json]` and `gradus library show ID`.

use crate::{Failure, input, render};

pub fn list(json: bool) -> Result<String, Failure> {
    let lib = input::library()?;
    if json {
        let all: Vec<_> = lib.exercises.values().collect();
        return input::to_json(&all);
    }
    let mut out = String::new();
    for ex in lib.exercises.values() {
        let regions: Vec<_> = ex.regions.iter().map(|r| r.as_str()).collect();
        out.push_str(&format!(
            "{:<28} {:<32} {:<15} {}\n",
            ex.id,
            ex.name,
            ex.kind,
            regions.join(", ")
        ));
    }
    out.push_str(&format!(
        "\n{} exercises. `gradus library show ID` prints one in full.",
        lib.exercises.len()
    ));
    Ok(out)
}

pub fn show(id: &str, json: bool) -> Result<String, Failure> {
    let lib = input::library()?;
    let Some(ex) = lib.exercise(id) else {
        return Err(Failure::Input(format!(
            "id: no exercise `{id}` in the library (see `gradus library`)"
        )));
    };
    if json {
        input::to_json(ex)
    } else {
        Ok(render::exercise(ex))
    }
}
