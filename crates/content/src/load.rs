//! Parsing the embedded content files into a `Library`.

use gradus_core::Library;
use gradus_core::library::{Exercise, Lesson, Programme};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// A content file that could not be read, or a library that breaks a content rule.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("content/{kind}/{file}: {message}")]
    File {
        kind: String,
        file: String,
        message: String,
    },
    #[error("content rules broken:\n  {}", .0.join("\n  "))]
    Invalid(Vec<String>),
}

/// The library built into this binary, parsed and validated.
pub fn load() -> Result<Library, ContentError> {
    let lib = parse_files(embedded::FILES.iter().copied())?;
    let problems = crate::validate(&lib);
    if problems.is_empty() {
        Ok(lib)
    } else {
        Err(ContentError::Invalid(problems))
    }
}

/// Parses (kind, file name, text) triples; does not validate links.
pub fn parse_files<'a>(
    files: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) -> Result<Library, ContentError> {
    let mut lib = Library::default();
    for (kind, file, text) in files {
        let err = |message: String| ContentError::File {
            kind: kind.into(),
            file: file.into(),
            message,
        };
        match kind {
            "exercises" => {
                let ex: Exercise = toml::from_str(text).map_err(|e| err(e.to_string()))?;
                if format!("{}.toml", ex.id) != file {
                    return Err(err(format!("id `{}` does not match the file name", ex.id)));
                }
                for old in &ex.aliases {
                    if lib.aliases.insert(old.clone(), ex.id.clone()).is_some() {
                        return Err(err(format!("alias `{old}` is claimed twice")));
                    }
                }
                if lib.exercises.insert(ex.id.clone(), ex).is_some() {
                    return Err(err("duplicate exercise id".into()));
                }
            }
            "programmes" => {
                let p: Programme = toml::from_str(text).map_err(|e| err(e.to_string()))?;
                lib.programmes.push(p);
            }
            "lessons" => lib.lessons.push(parse_lesson(text).map_err(err)?),
            _ => return Err(err("unknown content kind".into())),
        }
    }
    Ok(lib)
}

/// A lesson: TOML front matter between `+++` lines, then markdown.
fn parse_lesson(text: &str) -> Result<Lesson, String> {
    let rest = text
        .trim_start()
        .strip_prefix("+++")
        .ok_or("expected front matter starting with +++")?;
    let (front, body) = rest
        .split_once("\n+++")
        .ok_or("expected front matter closed by +++")?;
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Front {
        id: String,
        title: String,
        summary: String,
        show_when: Vec<gradus_core::library::ShowWhen>,
        sources: Vec<String>,
    }
    let f: Front = toml::from_str(front).map_err(|e| e.to_string())?;
    Ok(Lesson {
        id: f.id,
        title: f.title,
        summary: f.summary,
        show_when: f.show_when,
        sources: f.sources,
        html: crate::markdown::to_html(body.trim()),
        body: body.trim().to_string(),
    })
}
