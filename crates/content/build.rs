//! Embeds every file under content/ into the binary, so one executable carries its library.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../content")
        .canonicalize()
        .expect("content/ folder");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::from(
        "/// (kind, file name, text) for every content file.\npub static FILES: &[(&str, &str, &str)] = &[\n",
    );
    for kind in ["exercises", "programmes", "lessons"] {
        let dir = root.join(kind);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .expect("content folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml" || x == "md"))
            .collect();
        names.sort();
        for p in names {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            writeln!(
                out,
                "    ({kind:?}, {name:?}, include_str!({:?})),",
                p.display().to_string()
            )
            .unwrap();
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}
